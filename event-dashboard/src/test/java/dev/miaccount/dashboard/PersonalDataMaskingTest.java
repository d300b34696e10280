package dev.miaccount.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The masking rules on their own; EventsApiTest shows them on events read from the broker. */
class PersonalDataMaskingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode masked(String json) throws Exception {
        return PersonalDataMasking.mask(JSON.readTree(json));
    }

    @Test
    void masksTheContactsAndNameOfAnAccountEvent() throws Exception {
        JsonNode data = masked("{\"accountId\":\"3277777128\",\"email\":\"mi.fan@example.com\","
                + "\"phone\":\"+8613800138000\",\"displayName\":\"Mi Fan\",\"createdAt\":\"2026-11-28T10:00:00Z\"}");
        assertThat(data.path("email").asText()).isEqualTo("m***@example.com");
        assertThat(data.path("phone").asText()).isEqualTo("+86*******8000");
        assertThat(data.path("displayName").asText()).isEqualTo("M***");
        // ids, times and everything else stay as they are
        assertThat(data.path("accountId").asText()).isEqualTo("3277777128");
        assertThat(data.path("createdAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "newEmail        | mi.fan@example.com | m***@example.com",
            "email_address   | Mi.Fan@Example.COM | M***@Example.COM",
            "phoneNumber     | +8613800138000     | +86*******8000",
            "mobile          | 138 0013 8000      | 138****8000",
            "to              | mi.fan@example.com | m***@example.com",
            "to              | +8613800138000     | +86*******8000",
            "destination     | +8613800138000     | +86*******8000",
            "recipient       | Mi Fan             | M***",
            "display_name    | 小米粉丝             | 小***",
            "nickname        | fan                | f***",
            "name            | Mi Fan             | M***",
            "oldPhone        | 12345              | 1***",
    })
    void masksAPersonalFieldWhateverItIsCalled(String field, String value, String expected) throws Exception {
        JsonNode data = PersonalDataMasking.mask(JSON.createObjectNode().put(field, value));
        assertThat(data.path(field).asText()).isEqualTo(expected);
    }

    @Test
    void masksAddressesAndNumbersWhereverTheyAppearInText() throws Exception {
        JsonNode data = masked("{\"reason\":\"code sent to +8613800138000 and to mi.fan@example.com\","
                + "\"note\":\"mi.fan@example.com\",\"list\":[\"+14155550123\",\"device-1\"],"
                + "\"byAddress\":{\"mi.fan@example.com\":3}}");
        assertThat(data.path("reason").asText()).isEqualTo("code sent to +86*******8000 and to m***@example.com");
        assertThat(data.path("note").asText()).isEqualTo("m***@example.com");
        assertThat(data.path("list").get(0).asText()).isEqualTo("+14*****0123");
        assertThat(data.path("list").get(1).asText()).isEqualTo("device-1");
        assertThat(data.path("byAddress").path("m***@example.com").asInt()).isEqualTo(3);
        assertThat(data.toString()).doesNotContain("mi.fan@example.com", "8613800138000", "4155550123");
    }

    @Test
    void masksEverythingUnderAPersonalFieldNestedOrListed() throws Exception {
        JsonNode data = masked("{\"recipient\":{\"name\":\"Mi Fan\",\"address\":\"mi.fan@example.com\"},"
                + "\"contacts\":[\"Mi Fan\",\"+8613800138000\"],\"phone\":8613800138000}");
        assertThat(data.path("recipient").path("name").asText()).isEqualTo("M***");
        assertThat(data.path("recipient").path("address").asText()).isEqualTo("m***@example.com");
        assertThat(data.path("contacts").get(0).asText()).isEqualTo("M***");
        assertThat(data.path("contacts").get(1).asText()).isEqualTo("+86*******8000");
        assertThat(data.path("phone").asText()).isEqualTo("861******8000");
    }

    @Test
    void leavesWhatSaysNothingAboutAPersonAlone() throws Exception {
        String json = "{\"accountId\":\"3277777128\",\"deviceId\":\"phone-1\",\"model\":\"Xiaomi 15\","
                + "\"romRegion\":\"GLOBAL\",\"state\":\"BOUND\",\"findDevice\":true,\"phoneVerified\":false,"
                + "\"emailCount\":2,\"phone\":null,\"displayName\":\"\",\"time\":\"2026-11-28T10:00:00+08:00\","
                + "\"flowId\":\"6c1d2f0e-8a5b-4f7e-b1a2-5d9c3e4f6a7b\",\"count\":12345678}";
        assertThat(masked(json)).isEqualTo(JSON.readTree(json));
    }

    @Test
    void maskingTwiceReadsLikeMaskingOnce() throws Exception {
        String alreadyMasked = "{\"destination\":\"+86*******8000\",\"email\":\"m***@example.com\","
                + "\"displayName\":\"M***\",\"to\":\"***\"}";
        assertThat(masked(alreadyMasked)).isEqualTo(JSON.readTree(alreadyMasked));
        JsonNode once = masked("{\"email\":\"mi.fan@example.com\",\"phone\":\"+8613800138000\",\"name\":\"Mi\"}");
        assertThat(PersonalDataMasking.mask(once)).isEqualTo(once);
    }

    @Test
    void masksDataThatIsNoJsonObject() {
        assertThat(PersonalDataMasking.maskText("welcome mi.fan@example.com")).isEqualTo("welcome m***@example.com");
        assertThat(PersonalDataMasking.maskText(null)).isNull();
    }

    @Test
    void aMegabyteWithoutAnAddressCostsLinearTime() {
        String text = "a".repeat(1_000_000) + "@";
        long start = System.nanoTime();
        assertThat(PersonalDataMasking.maskText(text)).isEqualTo(text);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
