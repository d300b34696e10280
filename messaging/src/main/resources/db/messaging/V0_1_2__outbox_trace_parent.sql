-- The W3C traceparent of the span that appended the event (the HTTP request, or the consumer step of a flow):
-- the relay sends it as the record's trace context, so one trace follows a flow across the services.
-- NULL when tracing is off or the event was appended outside any span.
ALTER TABLE outbox_event ADD COLUMN trace_parent text;
