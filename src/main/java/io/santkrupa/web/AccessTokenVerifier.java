package io.santkrupa.web;

import io.santkrupa.web.auth.Principal;

import java.util.Optional;

/** Turns a bearer token into its principal; empty for anything invalid, expired or forged. */
@FunctionalInterface
public interface AccessTokenVerifier {
    Optional<Principal> verify(String token);
}
