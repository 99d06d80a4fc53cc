# demo-04-lock.gp - the timeline of `make demo DEMO=04-lock` and of its broken twin.
demo = 'demo-04-lock'
load 'timeline.gpi'
