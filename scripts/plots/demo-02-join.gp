# demo-02-join.gp - the timeline of `make demo DEMO=02-join` and of its broken twin.
demo = 'demo-02-join'
load 'timeline.gpi'
