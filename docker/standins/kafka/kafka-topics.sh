#!/bin/bash
# The stand-in's version of the official script, as far as the cluster's init step uses it (KafkaTopics.java).
exec java -Xmx64m -XX:TieredStopAtLevel=1 -cp "/opt/kafka/libs/*:/opt/kafka/probe" KafkaTopics "$@"
