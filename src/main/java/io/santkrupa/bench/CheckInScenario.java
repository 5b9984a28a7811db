package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (5) {@code POST /visits}: a check-in through the API (a visit, the doctor's day's token from
 * the clinic's counter, an audit row), each with its own {@code Idempotency-Key}, in every clinic.
 *
 * <p>A patient can wait for a doctor only once at a time, so each check-in takes a free
 * (patient, doctor) pair. When none is free, the oldest visit the bench checked in is cancelled
 * first -- untimed, counted apart -- which frees its pair for the next check-in. Every token
 * answered is recorded: a number given twice for one doctor's day is a wrong answer, and
 * {@link #verify} reads each day's whole queue back to check that no two visits share one.
 */
final class CheckInScenario implements Scenario {

    record Pair(String clinic, UUID patient, UUID doctor) {
    }

    private record OpenVisit(Pair pair, UUID visit) {
    }

    private final Map<String, ApiToken> tokens;
    private final ConcurrentLinkedQueue<Pair> free = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<OpenVisit> open = new ConcurrentLinkedQueue<>();
    /** "clinic doctor day" -> tokens answered. */
    private final Map<String, Set<Integer>> tokensGiven = new ConcurrentHashMap<>();
    private final Set<String> daysChecked = ConcurrentHashMap.newKeySet();
    private final AtomicLong cancellations = new AtomicLong();
    private final AtomicLong checkIns = new AtomicLong();
    private final int pairs;

    CheckInScenario(Map<String, ApiToken> tokens, List<Pair> pairs) {
        if (pairs.isEmpty()) {
            throw new BenchFailure("no patient and doctor to check in: the clinics have no patients or no doctors");
        }
        this.tokens = tokens;
        List<Pair> shuffled = new ArrayList<>(pairs);
        Collections.shuffle(shuffled, new java.util.Random(13));
        this.free.addAll(shuffled);
        this.pairs = pairs.size();
    }

    /**
     * The pairs of a clinic's sample patients and doctors that can be checked in now: every one
     * but those already waiting for, or with, that doctor today (read from today's queue).
     */
    static List<Pair> freePairs(Connection connection, ApiToken reception, ClinicSample sample) {
        Set<String> busy = new HashSet<>();
        for (JsonNode visit : dayQueue(connection, reception, null)) {
            String status = visit.path("status").asText();
            if (status.equals("waiting") || status.equals("in_consultation")) {
                busy.add(visit.path("patientId").asText() + " " + visit.path("doctorId").asText());
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (PatientRef patient : sample.patients()) {
            for (UUID doctor : sample.doctors()) {
                if (!busy.contains(patient.id() + " " + doctor)) {
                    pairs.add(new Pair(sample.clinic(), patient.id(), doctor));
                }
            }
        }
        return pairs;
    }

    @Override
    public String name() {
        return "api-check-in";
    }

    @Override
    public String description() {
        return "POST /clinic/{slug}/api/v1/visits with an Idempotency-Key, " + pairs + " patient-doctor pairs of "
                + tokens.size() + " clinic(s); when none is free, one of the bench's own visits is cancelled first (untimed)";
    }

    @Override
    public Worker worker(int index, Connection connection) {
        return new Worker() {
            Pair pair;
            String bearer;

            @Override
            public void prepare() {
                pair = take(connection);
                bearer = tokens.get(pair.clinic()).current(connection);
            }

            @Override
            public Outcome request() {
                HttpAnswer answer = connection.postJson("/clinic/" + pair.clinic() + "/api/v1/visits", bearer,
                        Map.of("patientId", pair.patient().toString(), "doctorId", pair.doctor().toString(),
                                "reason", "Benchmark check-in"),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                if (answer.status() != 201) {
                    if (answer.status() != 409) {
                        free.add(pair);
                    }
                    return Outcome.wrong(answer.status(), answer.ok() ? "check-in answered " + answer.status() : null);
                }
                checkIns.incrementAndGet();
                JsonNode visit = answer.json();
                if (!pair.patient().toString().equals(visit.path("patientId").asText())
                        || !pair.doctor().toString().equals(visit.path("doctorId").asText())) {
                    return Outcome.wrong(answer.status(), "the visit is not of the patient and doctor checked in");
                }
                open.add(new OpenVisit(pair, UUID.fromString(visit.path("id").asText())));
                int token = visit.path("token").asInt();
                String day = pair.clinic() + " " + pair.doctor() + " " + visit.path("visitDate").asText();
                daysChecked.add(pair.clinic() + " " + visit.path("visitDate").asText());
                if (token < 1 || !tokensGiven.computeIfAbsent(day, d -> ConcurrentHashMap.newKeySet()).add(token)) {
                    return Outcome.wrong(answer.status(), "token " + token + " given twice for " + day);
                }
                return Outcome.ok(answer.status());
            }
        };
    }

    /** A free pair, or the pair of the oldest open visit, cancelled first. */
    private Pair take(Connection connection) {
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < giveUp) {
            Pair pair = free.poll();
            if (pair != null) {
                return pair;
            }
            OpenVisit visit = open.poll();
            if (visit != null) {
                ApiToken token = tokens.get(visit.pair().clinic());
                connection.postJson(token.login().apiBase() + "/visits/" + visit.visit() + "/status",
                        token.current(connection), Map.of("to", "cancelled"), Map.of())
                        .require("cancelling a benchmark visit");
                cancellations.incrementAndGet();
                return visit.pair();
            }
            try {
                Thread.sleep(1); // every pair is in another connection's hands: wait for one to come back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted", e);
            }
        }
        throw new BenchFailure("no patient free to check in for 30 s");
    }

    @Override
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        try (Connection connection = new Connection(baseUrl)) {
            for (String clinicAndDay : daysChecked) {
                String[] parts = clinicAndDay.split(" ");
                ApiToken token = tokens.get(parts[0]);
                Map<String, Set<Integer>> byDoctor = new java.util.HashMap<>();
                for (JsonNode visit : dayQueue(connection, token, parts[1])) {
                    String doctor = visit.path("doctorId").asText();
                    int number = visit.path("token").asInt();
                    if (!byDoctor.computeIfAbsent(doctor, d -> new HashSet<>()).add(number)) {
                        problems.add(parts[0] + " " + parts[1] + ": token " + number + " of doctor " + doctor
                                + " is held by two visits");
                    }
                }
            }
        }
        return problems;
    }

    private String baseUrl;

    /** Where {@link #verify} reads the queues back; set before the runs. */
    CheckInScenario at(String url) {
        this.baseUrl = url;
        return this;
    }

    @Override
    public long untimedRequests() {
        return cancellations.get();
    }

    long checkIns() {
        return checkIns.get();
    }

    /** Every visit of a clinic's day (today when {@code day} is null), page by page. */
    static List<JsonNode> dayQueue(Connection connection, ApiToken token, String day) {
        List<JsonNode> visits = new ArrayList<>();
        String cursor = null;
        do {
            String path = token.login().apiBase() + "/visits?limit=100" + (day == null ? "" : "&date=" + day)
                    + (cursor == null ? "" : "&cursor=" + Connection.encode(cursor));
            JsonNode page = connection.get(path, token.current(connection)).require("reading the day's queue").json();
            page.path("items").forEach(visits::add);
            cursor = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (cursor != null);
        return visits;
    }

    private static final String[] FIRST_NAMES = {"Aarti", "Bhushan", "Chitra", "Dinesh", "Gauri", "Harish", "Ila", "Jayant"};

    /**
     * Registers {@code count} patients (through the API, as the desk would) so that every
     * connection has patients to check in: a clinic of a handful of patients (the demo's) has
     * too few pairs for 32 connections. Their pairs with each of the clinic's doctors.
     */
    static List<Pair> registerPatients(Connection connection, ApiToken reception, List<UUID> doctors, int count) {
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String suffix = Integer.toString(random.nextInt(26 * 26 * 26 * 26), 26).chars()
                    .mapToObj(c -> String.valueOf((char) ('a' + Character.digit(c, 26)))).collect(java.util.stream.Collectors.joining());
            Map<String, Object> patient = Map.of("firstName", FIRST_NAMES[i % FIRST_NAMES.length],
                    "lastName", "Benchmark" + suffix, "phone", "9" + String.format("%09d", random.nextInt(1_000_000_000)),
                    "registerAnyway", true);
            JsonNode created = connection.postJson(reception.login().apiBase() + "/patients", reception.current(connection),
                    patient, Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                    .require("registering a patient to check in").json();
            UUID id = UUID.fromString(created.path("id").asText());
            for (UUID doctor : doctors) {
                pairs.add(new Pair(reception.login().clinic(), id, doctor));
            }
        }
        return pairs;
    }
}
