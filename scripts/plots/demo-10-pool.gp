# demo-10-pool.gp - the timeline of `make demo DEMO=10-pool` (and of its broken twin, where it has one).
demo = 'demo-10-pool'
load 'timeline.gpi'
