package io.santkrupa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract checker itself, on a small document: it passes a conforming answer and fails,
 * saying why, on each kind of difference. (A contract test that cannot fail proves nothing.)
 */
class OpenApiContractTest {

    private static final String THING = "/clinic/sunrise/api/v1/things/0192f0c4-7a5e-7c3a-9d1e-3f4a5b6c7d8e";
    private static final String VALID = "{\"id\":\"0192f0c4-7a5e-7c3a-9d1e-3f4a5b6c7d8e\",\"name\":\"Thermometer\",\"count\":3}";

    private final OpenApiContract contract = new OpenApiContract(yaml("""
            openapi: 3.1.0
            info: {title: test, version: '1'}
            servers: [{url: '/clinic/{slug}/api/v1', variables: {slug: {default: x}}}]
            paths:
              /things/{thingId}:
                get:
                  operationId: getThing
                  responses:
                    '200':
                      description: A thing.
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Thing'}
                    '404': {$ref: '#/components/responses/NotFound'}
                delete:
                  operationId: deleteThing
                  responses:
                    '204': {description: Gone.}
              /things/special:
                get:
                  operationId: specialThing
                  responses:
                    '200':
                      description: The special thing.
                      content:
                        application/json:
                          schema: {type: object, required: [special], properties: {special: {const: true}}}
            components:
              schemas:
                Thing:
                  type: object
                  additionalProperties: false
                  required: [id, name]
                  properties:
                    id: {type: string, format: uuid}
                    name: {type: string}
                    count: {type: integer}
                    note: {type: [string, 'null']}
                Problem:
                  type: object
                  required: [title, status]
                  properties:
                    title: {type: string}
                    status: {type: integer}
              responses:
                NotFound:
                  description: No such thing.
                  content:
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
            """));

    @Test
    void a_conforming_answer_passes() {
        assertThatCode(() -> contract.verify("GET", THING, 200, "application/json; charset=utf-8", VALID))
                .doesNotThrowAnyException();
        assertThatCode(() -> contract.verify("GET", THING + "?expand=none", 200, "application/json",
                "{\"id\":\"0192f0c4-7a5e-7c3a-9d1e-3f4a5b6c7d8e\",\"name\":\"T\",\"note\":null}"))
                .doesNotThrowAnyException();
        assertThatCode(() -> contract.verify("GET", THING, 404, "application/problem+json",
                "{\"title\":\"Not found\",\"status\":404}")).doesNotThrowAnyException();
        assertThatCode(() -> contract.verify("DELETE", THING, 204, null, "")).doesNotThrowAnyException();
    }

    @Test
    void an_undocumented_status_fails_listing_the_documented_ones() {
        assertThatThrownBy(() -> contract.verify("GET", THING, 500, "application/json", VALID))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("status 500 is not documented for GET /things/{thingId} (getThing)")
                .hasMessageContaining("[200, 404]");
    }

    @Test
    void a_missing_required_field_fails_naming_it() {
        assertThatThrownBy(() -> contract.verify("GET", THING, 200, "application/json",
                "{\"id\":\"0192f0c4-7a5e-7c3a-9d1e-3f4a5b6c7d8e\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not match the schema")
                .hasMessageContaining("required")
                .hasMessageContaining("name");
    }

    @Test
    void an_extra_field_fails_where_additional_properties_are_false() {
        assertThatThrownBy(() -> contract.verify("GET", THING, 200, "application/json",
                VALID.replace("}", ",\"clinicId\":\"c\"}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("additionalProperties")
                .hasMessageContaining("clinicId");
    }

    @Test
    void a_wrong_type_or_format_fails() {
        assertThatThrownBy(() -> contract.verify("GET", THING, 200, "application/json",
                VALID.replace("3}", "\"three\"}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/count: ")
                .hasMessageContaining("type");
        assertThatThrownBy(() -> contract.verify("GET", THING, 200, "application/json",
                VALID.replace("0192f0c4-7a5e-7c3a-9d1e-3f4a5b6c7d8e\",\"name", "42\",\"name")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/id: ")
                .hasMessageContaining("format");
    }

    @Test
    void a_referenced_response_is_checked_against_its_own_schema() {
        assertThatThrownBy(() -> contract.verify("GET", THING, 404, "application/problem+json", "{\"title\":\"Not found\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/components/responses/NotFound/content/application~1problem+json/schema")
                .hasMessageContaining("status");
    }

    @Test
    void a_wrong_content_type_or_a_missing_or_unexpected_body_fails() {
        assertThatThrownBy(() -> contract.verify("GET", THING, 404, "text/html", "<h1>Not found</h1>"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Content-Type text/html is not documented")
                .hasMessageContaining("application/problem+json");
        assertThatThrownBy(() -> contract.verify("GET", THING, 200, "application/json", ""))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the answer is empty");
        assertThatThrownBy(() -> contract.verify("DELETE", THING, 204, "application/json", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("documents no body for 204");
        assertThatThrownBy(() -> contract.verify("GET", THING, 200, "application/json", "{not json"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void an_undocumented_operation_or_path_fails() {
        assertThatThrownBy(() -> contract.verify("PUT", THING, 200, "application/json", VALID))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PUT /things/{thingId} is not documented")
                .hasMessageContaining("[GET, DELETE]");
        assertThatThrownBy(() -> contract.verify("GET", "/clinic/sunrise/api/v1/widgets", 200, "application/json", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no documented path matches /widgets");
        assertThatThrownBy(() -> contract.verify("GET", "/api/v1/things/x", 200, "application/json", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not under the document's server URL");
    }

    @Test
    void a_concrete_path_is_matched_before_a_template() {
        assertThatCode(() -> contract.verify("GET", "/clinic/sunrise/api/v1/things/special", 200, "application/json",
                "{\"special\":true}")).doesNotThrowAnyException();
        assertThat(contract.apiPath("/clinic/sunrise/api/v1/things/special?x=1")).hasValue("/things/special");
    }

    private static JsonNode yaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
