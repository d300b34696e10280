package dev.miaccount.browser;

import static dev.miaccount.browser.Api.PASSWORD;
import static dev.miaccount.browser.Api.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.miaccount.browser.Api.Account;
import dev.miaccount.testing.SystemUnderTest;

/**
 * The account website as a person uses it, in Chromium on the packaged services: register, a phone appears, delete
 * it with the password, the activity shows it, sign out everywhere, and the other session is refused. Forms are
 * submitted with the keyboard. Screenshots go to {@code target/screenshots/}.
 */
class AccountPagesIT {

    private Chromium chromium;
    private WebDriver browser;

    @BeforeAll
    static void startTheSystem() {
        Chromium.failOnCiWhenMissing();
        if (!Chromium.installed()) {
            System.out.println(Chromium.MISSING);
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
    void fromRegistrationToSigningOutEverywhere() {
        String email = "pages-" + UUID.randomUUID() + "@example.com";
        browser.get(SystemUnderTest.console() + "/#register");
        WebElement register = visible(By.id("register-form"));
        register.findElement(By.name("email")).sendKeys(email);
        register.findElement(By.name("displayName")).sendKeys("Pages Test");
        register.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
        String welcome = await().atMost(PATIENCE).until(() -> browser.findElement(By.id("notice")).getText(),
                text -> text.startsWith("Welcome!"));
        String accountId = welcome.replaceAll("\\D", "");
        assertThat(accountId).hasSize(10);
        chromium.screenshot("08-console-registered");
        Account account = new Account(accountId, email);

        // a phone signs in with Find device on: deleting it lifts its lock, so the password is asked again
        String deviceId = Api.signInOnPhone(account);
        open("devices");
        WebElement phone = visible(By.cssSelector("#devices li[data-device-id='" + deviceId + "']"));
        phone.findElement(By.className("delete-device")).click();
        WebElement password = phone.findElement(By.className("step-up-password"));
        await().atMost(PATIENCE).until(password::isDisplayed);
        password.sendKeys(PASSWORD);
        phone.findElement(By.className("confirm-delete")).click();
        await().atMost(PATIENCE).until(() -> phone.findElement(By.className("state")).getText(), "DELETED"::equals);
        assertThat(phone.findElement(By.className("flow-link")).getAttribute("href"))
                .startsWith(SystemUnderTest.dashboard() + "/?flowId=");
        chromium.screenshot("09-console-deleted-with-password");

        open("activity");
        List<String> types = await().atMost(PATIENCE).until(() -> {
            open("activity");
            return visible(By.id("activity")).findElements(By.tagName("li")).stream()
                    .map(item -> item.getAttribute("data-type")).toList();
        }, list -> list.contains("DEVICE_DELETED"));
        assertThat(types).contains("SIGNED_IN");
        assertThat(types.indexOf("DEVICE_DELETED")).isLessThan(types.lastIndexOf("SIGNED_IN")); // newest first
        chromium.screenshot("10-console-security-activity");

        String elsewhere = Api.signInOnWeb(account);
        assertThat(Api.profileStatus(elsewhere)).isEqualTo(200);
        open("sessions");
        await().atMost(PATIENCE).until(() -> browser.findElements(By.cssSelector("#sessions li")).size() >= 2);
        assertThat(browser.findElements(By.cssSelector("#sessions .current-mark")).stream()
                .filter(WebElement::isDisplayed).count()).isEqualTo(1);
        chromium.screenshot("11-console-sessions");
        WebElement everywhere = visible(By.id("sign-out-everywhere-form"));
        everywhere.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("notice")).getText(),
                text -> text.startsWith("Every other session is signed out"));
        assertThat(browser.findElements(By.cssSelector("#sessions li"))).hasSize(1);
        assertThat(Api.profileStatus(elsewhere)).isEqualTo(401);
        chromium.screenshot("12-console-signed-out-everywhere");

        open("notifications");
        await().atMost(PATIENCE).until(() -> {
            open("notifications");
            return visible(By.id("notifications")).findElements(By.tagName("li")).stream()
                    .map(item -> item.getAttribute("data-reason")).toList();
        }, list -> list.contains("DEVICE_DELETED"));
        chromium.screenshot("13-console-notifications");
    }

    @Test
    void deletingTheAccountTakesThePasswordThenTheCode() {
        Account account = Api.register();
        String deviceId = Api.signInOnPhone(account);
        String elsewhere = Api.signInOnWeb(account);
        browser.get(SystemUnderTest.console() + "/#sign-in");
        WebElement signIn = visible(By.id("sign-in-form"));
        signIn.findElement(By.name("identifier")).sendKeys(account.email());
        signIn.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
        visible(By.id("devices"));

        open("profile");
        WebElement deletion = visible(By.id("account-deletion-form"));
        deletion.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
        WebElement confirm = visible(By.id("account-deletion-confirm-form"));
        String code = Api.awaitCode(account.email());
        chromium.screenshot("14-console-delete-account-code");
        confirm.findElement(By.name("code")).sendKeys(code, Keys.ENTER);
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("notice")).getText(),
                text -> text.startsWith("Your Mi Account is being deleted"));
        assertThat(visible(By.id("sign-in-form")).isDisplayed()).isTrue();
        chromium.screenshot("15-console-account-deleted");

        // every session ended with it, and the phone is free once the erasure has run
        assertThat(Api.profileStatus(elsewhere)).isEqualTo(401);
        await().atMost(PATIENCE).until(() -> !Api.activationLocked(deviceId));
    }

    private void open(String view) {
        browser.get(SystemUnderTest.console() + "/#" + view);
        browser.navigate().refresh();
    }

    private WebElement visible(By locator) {
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(locator),
                WebElement::isDisplayed);
    }
}
