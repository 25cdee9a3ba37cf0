package io.opsknight.identity.profile;

import io.opsknight.identity.common.OpsKnightSpi;

/** Our SPI {@value #NAME}: the SMS gateway of phone verification ({@code --spi-opsknight-sms--twilio--url=...}). */
public class SmsSpi extends OpsKnightSpi {

    public static final String NAME = "opsknight-sms";

    public SmsSpi() {
        super(NAME, SmsSender.class, SmsSenderFactory.class);
    }
}
