package dev.miaccount.browser;

import dev.miaccount.testing.SystemUnderTest;
import static dev.miaccount.browser.Api.PASSWORD;
import static dev.miaccount.browser.Api.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import dev.miaccount.browser.Api.Account;
import dev.miaccount.events.EventTypes;

/**
 * A person in Chromium: the event dashboard open in one window, the web console in another, on the packaged
 * services. Screenshots go to {@code target/screenshots/}.
 */
class ConsoleAndDashboardIT {

    private Chromium chromium;
    private WebDriver browser;

    @BeforeAll
    static void startTheSystem() {
        Chromium.failOnCiWhenMissing();
        if (!Chromium.installed()) {
            System.out.println(Chromium.MISSING); // the one line in the build log; each test then skips
            return;
        }
        SystemUnderTest.stack();
    }

    @BeforeEach
    void openChromium() {
        Chromium.assumeInstalled();
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterEach
    void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void deletingAPhoneInTheConsoleShowsItsFlowLiveInTheDashboard() {
        Account account = Api.register();
        String deviceId = Api.signInOnPhone(account);

        // The dashboard first, in its own window (a background tab would not paint: it renders on animation frames).
        browser.get(SystemUnderTest.dashboard() + "/");
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("status")).getText(), "live"::equals);
        String dashboardWindow = browser.getWindowHandle();

        browser.switchTo().newWindow(WindowType.WINDOW);
        browser.get(SystemUnderTest.console() + "/");
        signIn(account.email(), PASSWORD);

        By phone = By.cssSelector("#devices li[data-device-id='" + deviceId + "']");
        WebElement item = await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.findElement(phone), WebElement::isDisplayed);
        assertThat(item.findElement(By.className("model")).getText()).isEqualTo("Xiaomi 15");
        assertThat(item.findElement(By.className("state")).getText()).isEqualTo("BOUND");
        chromium.screenshot("01-console-my-devices");

        item.findElement(By.className("delete-device")).click();
        WebElement confirm = item.findElement(By.className("confirm-delete"));
        await().atMost(PATIENCE).until(confirm::isDisplayed);
        // Find device is on: deleting lifts the activation lock, so the console asks for the password again
        WebElement password = item.findElement(By.className("step-up-password"));
        assertThat(password.isDisplayed()).isTrue();
        password.sendKeys(PASSWORD);
        chromium.screenshot("02-console-confirm-delete");
        confirm.click();

        await().atMost(PATIENCE).until(() -> item.findElement(By.className("state")).getText(), "DELETED"::equals);
        assertThat(item.findElement(By.className("progress")).getText()).startsWith("Deleted");
        String flowId = item.getAttribute("data-flow-id");
        assertThat(flowId).isNotBlank();
        chromium.screenshot("03-console-device-deleted");

        // Back to the dashboard, opened before the deletion: the flow's events arrive over its live stream.
        browser.switchTo().window(dashboardWindow);
        List<String> types = await().atMost(PATIENCE).until(() -> dashboardTypesOfFlow(flowId),
                shown -> shown.containsAll(List.of(EventTypes.DEVICE_DELETION_REQUESTED,
                        EventTypes.DEVICE_SESSIONS_REVOKED, EventTypes.DEVICE_DELETED, EventTypes.NOTIFICATION_SENT)));
        assertThat(types).doesNotHaveDuplicates();
        chromium.screenshot("04-dashboard-live-events");

        // The flow view: its events in order across the services.
        browser.findElement(By.linkText(flowId)).click();
        await().atMost(PATIENCE).until(() -> browser.findElements(By.cssSelector("#flow-rows tr")).size() >= 4);
        assertThat(browser.findElement(By.id("flow-rows")).getText()).contains(EventTypes.DEVICE_DELETION_REQUESTED,
                EventTypes.DEVICE_DELETED, "device-service", "account-service", "notification-service");
        // ... and as a timeline: a lane per service, each step placed at its time, the total at the foot
        await().atMost(PATIENCE).until(() -> browser.findElements(By.cssSelector("#flow-timeline .lane")).size(),
                lanes -> lanes >= 3);
        assertThat(browser.findElements(By.cssSelector("#flow-timeline .step"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.findElement(By.cssSelector("#flow-timeline .timeline-foot")).getText()).startsWith("total ");
        chromium.screenshot("05-dashboard-flow-view");
    }

    @Test
    void aWrongPasswordInTheConsoleShowsTheProblemsMessage() {
        Account account = Api.register();
        String expected = Api.wrongPasswordDetail(account);

        browser.get(SystemUnderTest.console() + "/");
        signIn(account.email(), "not the password");

        WebElement problem = browser.findElement(By.id("problem"));
        await().atMost(PATIENCE).until(problem::isDisplayed);
        assertThat(browser.findElement(By.id("problem-text")).getText()).isEqualTo(expected).doesNotContain("{");
        assertThat(browser.findElement(By.id("view-sign-in")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).as("no signed-in menu").isFalse();
        chromium.screenshot("06-console-wrong-password");
    }

    @Test
    void aBadDashboardFilterShowsItsMessage() {
        String badType = "Not A Type!";
        String expected = Api.dashboardTypeProblemDetail(badType);

        browser.get(SystemUnderTest.dashboard() + "/");
        browser.findElement(By.name("type")).sendKeys(badType);
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();

        WebElement problem = browser.findElement(By.id("problem"));
        await().atMost(PATIENCE).until(problem::isDisplayed);
        assertThat(problem.getText()).isEqualTo(expected).doesNotContain("{");
        chromium.screenshot("07-dashboard-bad-filter");
    }

    private void signIn(String identifier, String password) {
        WebElement form = await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.findElement(By.id("sign-in-form")), WebElement::isDisplayed);
        form.findElement(By.name("identifier")).sendKeys(identifier);
        form.findElement(By.name("password")).sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** The types of the dashboard's rows of one flow, as the page shows them (columns: time, type, source, subject, flow). */
    @SuppressWarnings("unchecked")
    private List<String> dashboardTypesOfFlow(String flowId) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#rows tr.event'))"
                        + ".filter(row => row.cells[4].textContent === arguments[0])"
                        + ".map(row => row.cells[1].textContent);", flowId);
    }
}
