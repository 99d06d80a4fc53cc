# demo-07-pipe.gp - the timeline of `make demo DEMO=07-pipe` (and of its broken twin, where it has one).
demo = 'demo-07-pipe'
load 'timeline.gpi'
