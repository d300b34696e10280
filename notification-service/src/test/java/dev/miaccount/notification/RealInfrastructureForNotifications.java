package dev.miaccount.notification;

import dev.miaccount.notification.support.AccountDataKeysStub;

import dev.miaccount.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every @QuarkusTest of this module runs on the real broker and its own real database, with account-service's data
 * keys played by {@link AccountDataKeysStub}.
 */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(AccountDataKeysStub.class)
public class RealInfrastructureForNotifications {
}
