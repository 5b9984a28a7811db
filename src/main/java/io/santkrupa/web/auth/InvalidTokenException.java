package io.santkrupa.web.auth;

/**
 * An access token was refused. The message is deliberately the same for every reason (bad
 * signature, expired, wrong audience, ...) and carries no cause: a client learns nothing about
 * which check failed, and nothing from the token or its claims reaches a log or a response.
 */
public final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidTokenException() {
        super("invalid access token", null, false, false);
    }
}
