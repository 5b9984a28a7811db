package io.santkrupa.web;

import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicSnapshot;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.auth.Principal;
import org.jooq.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed access token stands for its account as it was when issued: once the account is
 * deactivated, given another role, or linked to another patient, the unexpired token gets 401
 * at its next request -- and works again when the account is as the token says, so it is that
 * change, not something else, that stops it.
 */
@ExtendWith(TestDatabaseExtension.class)
class TokenAccountChangesTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_token_stops_working_once_its_account_has_another_role() {
        UUID user = staffAccount("receptionist");
        String token = token(user, Role.RECEPTIONIST, null);
        assertThat(me(token).statusCode()).isEqualTo(200);

        set(user, APP_USER.ROLE, "lab_technician");
        HttpResponse<String> changed = me(token);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(401);
        assertThat(changed.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(patients(token).statusCode()).as("nor what the old role could do").isEqualTo(401);

        set(user, APP_USER.ROLE, "receptionist");
        assertThat(me(token).statusCode()).as("the account as the token says again").isEqualTo(200);
    }

    @Test
    void a_patients_token_stops_working_once_the_account_is_linked_to_another_patient() {
        UUID own = ConsultationFixture.patient(db, server.hasher, clinic, "Linked", "linked." + suffix());
        UUID other = ConsultationFixture.patient(db, server.hasher, clinic, "Other", null);
        UUID user = db.tenants().inClinic(clinic.id(), tx -> tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.PATIENT_ID.eq(own)).fetchSingle(APP_USER.ID));
        String token = token(user, Role.PATIENT, own);
        HttpResponse<String> record = myRecord(token);
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.body()).contains(own.toString());

        set(user, APP_USER.PATIENT_ID, other);
        HttpResponse<String> relinked = myRecord(token);
        assertThat(relinked.statusCode()).as(relinked.body()).isEqualTo(401);
        assertThat(relinked.body()).doesNotContain(own.toString()).doesNotContain(other.toString());

        set(user, APP_USER.PATIENT_ID, own);
        assertThat(myRecord(token).statusCode()).as("the account as the token says again").isEqualTo(200);
    }

    @Test
    void a_token_naming_another_patient_than_its_account_is_refused() {
        UUID own = ConsultationFixture.patient(db, server.hasher, clinic, "Named", "named." + suffix());
        UUID other = ConsultationFixture.patient(db, server.hasher, clinic, "Unnamed", null);
        UUID user = db.tenants().inClinic(clinic.id(), tx -> tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.PATIENT_ID.eq(own)).fetchSingle(APP_USER.ID));

        assertThat(myRecord(token(user, Role.PATIENT, other)).statusCode()).isEqualTo(401);
        assertThat(me(token(user, Role.RECEPTIONIST, null)).statusCode()).as("nor a staff role").isEqualTo(401);
        assertThat(myRecord(token(user, Role.PATIENT, own)).statusCode()).isEqualTo(200);
    }

    @Test
    void a_token_stops_working_once_its_account_is_deactivated() {
        UUID user = staffAccount("doctor");
        String token = token(user, Role.DOCTOR, null);
        assertThat(me(token).statusCode()).isEqualTo(200);

        set(user, APP_USER.IS_ACTIVE, false);
        assertThat(me(token).statusCode()).isEqualTo(401);

        set(user, APP_USER.IS_ACTIVE, true);
        assertThat(me(token).statusCode()).isEqualTo(200);
    }

    /**
     * The check is the first read of the request's own transaction (not one of its own), so it
     * must still come before anything else answers: on every guarded API route from the router,
     * a deactivated admin's token gets 401 -- never the route's 200, 403, 404 or 422 -- with a
     * body that would be refused as invalid too, and the clinic's tables stay as they were.
     */
    @Test
    void a_deactivated_accounts_token_gets_401_on_every_guarded_api_route_and_changes_nothing() {
        UUID user = staffAccount("clinic_admin");
        String token = token(user, Role.CLINIC_ADMIN, null);
        assertThat(me(token).statusCode()).isEqualTo(200);
        set(user, APP_USER.IS_ACTIVE, false);

        ClinicSnapshot before = ClinicSnapshot.of(db, clinic.id());
        int routes = 0;
        for (Routes.Route route : Routes.clinicRoutes(server.app())) {
            if (!route.isApi() || route.isPublic()) {
                continue;
            }
            String path = route.concrete(clinic.slug(), param -> UUID.randomUUID().toString());
            for (String body : route.isGet() ? new String[] {null} : new String[] {"{}", "{\"name\": 1}"}) {
                HttpResponse<String> answer = ApiClient.send(server, route.method().name(), path, token, body);
                assertThat(answer.statusCode()).as(route + " " + body + ": " + answer.body()).isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).as(route.toString()).isPresent();
            }
            routes++;
        }
        assertThat(routes).as("guarded API routes walked").isGreaterThan(40);
        assertThat(ClinicSnapshot.of(db, clinic.id()).changedSince(before)).isEmpty();
    }

    private static UUID staffAccount(String role) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(APP_USER)
                .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, id)
                .set(APP_USER.USERNAME, role + "." + suffix()).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                .set(APP_USER.ROLE, role).set(APP_USER.FULL_NAME, "Changing Account")
                .execute());
        return id;
    }

    /** A token as the sign-in would issue it for that account, signed with the server's key. */
    private static String token(UUID user, Role role, UUID patient) {
        return server.accessTokens.issue(new Principal(clinic.id(), user, "changing", role, patient));
    }

    private static <T> void set(UUID user, Field<T> field, T value) {
        db.tenants().inClinic(clinic.id(), tx -> tx.update(APP_USER).set(field, value)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.ID.eq(user)).execute());
    }

    private static HttpResponse<String> me(String token) {
        return ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/me", token);
    }

    private static HttpResponse<String> patients(String token) {
        return ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients", token);
    }

    private static HttpResponse<String> myRecord(String token) {
        return ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/my-record", token);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
