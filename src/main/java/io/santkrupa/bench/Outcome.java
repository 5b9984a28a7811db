package io.santkrupa.bench;

/**
 * What one request came to: its HTTP status and, when the answer is wrong, why ({@code null}
 * when it is right). A status outside 2xx is always an error; so is a 2xx with the wrong data.
 */
record Outcome(int status, String wrong) {

    static Outcome ok(int status) {
        return new Outcome(status, null);
    }

    static Outcome wrong(int status, String why) {
        return new Outcome(status, why);
    }

    /** Right: a 2xx status with the data asked for. */
    boolean right() {
        return status >= 200 && status < 300 && wrong == null;
    }

    /** How an error is counted: by its status, or as wrong data of a 2xx. */
    String errorKey() {
        if (status < 200 || status >= 300) {
            return status == 0 ? "no answer" : String.valueOf(status);
        }
        return "wrong data (" + status + ")";
    }
}
