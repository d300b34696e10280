package dev.miaccount.dashboard;

import dev.miaccount.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every @QuarkusTest of this module runs on the real broker. The resource also names a database; the dashboard has
 * none, so those few datasource keys are simply unused.
 */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "dashboard"))
public class RealInfrastructureForDashboard {
}
