package org.kdumpreceiver.format;

/** The stable reason tokens; package-info.java explains each one. */
final class Reasons {
    static final String NO_END_MARKER = "no-end-marker";
    static final String INCOMPLETE_FLAG = "incomplete-flag";
    static final String SHORT_OF_PT_LOAD_EXTENT = "short-of-pt-load-extent";
    static final String SHORT_OF_PAGE_DATA = "short-of-page-data";
    static final String UNWRITTEN_PAGE_DESCRIPTOR = "unwritten-page-descriptor";
    static final String UNWRITTEN_PAGE_DATA = "unwritten-page-data";
    static final String UNWRITTEN_HEADER_OR_BITMAP = "unwritten-header-or-bitmap";
    static final String PAGE_COVERAGE_UNCHECKED = "page-coverage-unchecked";
    static final String WRAPPER_STREAM_CUT = "wrapper-stream-cut";
    static final String WRAPPER_STREAM_CORRUPT = "wrapper-stream-corrupt";
    static final String NO_FINAL_NEWLINE = "no-final-newline";
    static final String EMPTY = "empty";
    static final String DATA_AFTER_END_MARKER = "data-after-end-marker";
    static final String BAD_RECORD = "bad-record";
    static final String UNRECOGNISED_CONTENT = "unrecognised-content";
    static final String UNSUPPORTED_LAYOUT = "unsupported-layout";
    static final String NOT_A_CORE = "not-a-core-file";

    private Reasons() {
    }
}
