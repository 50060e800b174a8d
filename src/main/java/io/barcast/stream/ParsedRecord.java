package io.barcast.stream;

/** What the parser forwards: a valid bar to the forecaster, or a dead letter to the dead-letter topic. */
sealed interface ParsedRecord permits IncomingBar, DeadLetter {
}
