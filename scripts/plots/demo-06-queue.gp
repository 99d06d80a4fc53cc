# demo-06-queue.gp - the timeline of `make demo DEMO=06-queue` (and of its broken twin, where it has one).
demo = 'demo-06-queue'
load 'timeline.gpi'
