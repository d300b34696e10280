package dev.miaccount.account;

import dev.miaccount.account.passwordreset.FakeVerificationCodes;
import dev.miaccount.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every @QuarkusTest of this module runs on the real broker and its own real database. */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "account"))
@QuarkusTestResource(FakeVerificationCodes.class)
public class RealInfrastructureForAccounts {
}
