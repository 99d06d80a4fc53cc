# demo-09-manager.gp - the timeline of `make demo DEMO=09-manager` (and of its broken twin, where it has one).
demo = 'demo-09-manager'
load 'timeline.gpi'
