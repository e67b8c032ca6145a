package org.kdumpreceiver.ingest;

/**
 * Everything the receiver reports: what happened to dumps ({@link IngestEvent}) and what happened at
 * the front doors (sessions, authentication, refused commands, enrolment). Logs and metrics subscribe
 * through {@link EventBus}; the core knows neither.
 */
public sealed interface ReceiverEvent permits IngestEvent, FrontEndEvent {}
