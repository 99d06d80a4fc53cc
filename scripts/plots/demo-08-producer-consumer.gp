# demo-08-producer-consumer.gp - the timeline of `make demo DEMO=08-producer-consumer` (and of its broken twin, where it has one).
demo = 'demo-08-producer-consumer'
load 'timeline.gpi'
