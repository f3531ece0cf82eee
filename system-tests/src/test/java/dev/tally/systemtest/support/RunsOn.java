package dev.tally.systemtest.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The shared stack an {@link OnSharedStack} test class runs on, when it is not {@link StackShape#DEFAULT}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RunsOn {
    StackShape value();
}
