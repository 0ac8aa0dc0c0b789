package io.qkdmodem.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.qkdmodem.hal.status.ModemStatus;
import io.qkdmodem.hal.status.StatusIndicator;

/** One LED on a GPIO line: lit while acquiring, with key ready, or on a fault; dark otherwise. */
public final class GpioStatusIndicator implements StatusIndicator {
    private final DigitalOutput led;
    private ModemStatus current = ModemStatus.OFF;

    public GpioStatusIndicator(Context context, int bcm) {
        led =
                context.create(
                        DigitalOutput.newConfigBuilder(context)
                                .id(GpioPinMap.ioId("status"))
                                .name("status LED")
                                .address(bcm)
                                .initial(DigitalState.LOW)
                                .shutdown(DigitalState.LOW));
    }

    @Override
    public synchronized void show(ModemStatus status) {
        current = status;
        led.state(DigitalState.getState(status != ModemStatus.OFF && status != ModemStatus.IDLE));
    }

    @Override
    public synchronized ModemStatus current() {
        return current;
    }
}
