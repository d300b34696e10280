#!/bin/bash
# The stand-in's version of the official script, as far as the health check uses it: asks the broker for its
# cluster through the Kafka admin client and fails when it does not answer.
exec java -Xmx64m -XX:TieredStopAtLevel=1 -cp "/opt/kafka/libs/*:/opt/kafka/probe" KafkaReady "$@"
