package io.santkrupa.platform;

import io.javalin.security.RouteRole;

/**
 * What a {@code /platform/...} route asks of its caller; {@link PlatformFilter} enforces it
 * before the handler runs. Every platform route declares exactly one.
 */
public enum PlatformAccess implements RouteRole {
    /** The sign-in form: nobody is signed in yet. */
    PUBLIC,
    /** After the password, before the second factor: the code (or recovery code) page, and enrolment. */
    SECOND_FACTOR,
    /** A super admin who passed both factors. */
    SIGNED_IN
}
