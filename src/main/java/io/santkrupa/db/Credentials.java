package io.santkrupa.db;

/** A login for one database role. The password may be empty (trust authentication). */
public record Credentials(String user, String password) {

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
