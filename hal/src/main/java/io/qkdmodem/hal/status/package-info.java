/** The modem's status indicator (an LED on the board, a recorded value in simulation). */
package io.qkdmodem.hal.status;
