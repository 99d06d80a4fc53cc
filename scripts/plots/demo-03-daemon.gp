# demo-03-daemon.gp - the timeline of `make demo DEMO=03-daemon` and of its broken twin.
demo = 'demo-03-daemon'
load 'timeline.gpi'
