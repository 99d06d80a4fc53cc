# demo-11-threads.gp - the timeline of `make demo DEMO=11-threads` (and of its broken twin, where it has one).
demo = 'demo-11-threads'
load 'timeline.gpi'
