# demo-05-shared-memory.gp - the timeline of `make demo DEMO=05-shared-memory` and of its broken twin.
demo = 'demo-05-shared-memory'
load 'timeline.gpi'
