# demo-01-fork.gp - the timeline of `make demo DEMO=01-fork` and of its broken twin.
demo = 'demo-01-fork'
load 'timeline.gpi'
