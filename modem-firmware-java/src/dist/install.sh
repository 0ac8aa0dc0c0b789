#!/bin/sh
# Installs the qkd-modem firmware on a board: a system user, its directories, the jar, an example
# configuration and a systemd unit. Refuses, with one line saying what is missing, when a
# prerequisite is absent. Run from the unpacked distribution directory, as root.
#
#   sudo ./install.sh [--prefix /opt/qkd-modem] [--conf /etc/qkd-modem] [--user qkdmodem] [--check]
#
# --check only checks the prerequisites and exits (0: all present).
set -eu

PREFIX=/opt/qkd-modem
CONF=/etc/qkd-modem
DATA=/var/lib/qkd-modem
USER_NAME=qkdmodem
UNIT_DIR=/etc/systemd/system
CHECK_ONLY=0
HERE=$(cd "$(dirname "$0")" && pwd)

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX=$2; shift 2 ;;
        --conf) CONF=$2; shift 2 ;;
        --user) USER_NAME=$2; shift 2 ;;
        --check) CHECK_ONLY=1; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

missing=0
refuse() {
    echo "install.sh: $*" >&2
    missing=1
}

[ "$(id -u)" = 0 ] || refuse "must run as root: it creates a user, directories and a systemd unit"
if command -v java >/dev/null 2>&1; then
    v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    case "$v" in
        1.*|9|1[0-6]|"") refuse "Java 17 or newer is needed, found '${v:-unknown}' (apt-get install openjdk-17-jre-headless)" ;;
    esac
else
    refuse "java not found on PATH: install a Java 17 runtime (apt-get install openjdk-17-jre-headless)"
fi
command -v systemctl >/dev/null 2>&1 || refuse "systemctl not found: this installer needs systemd"
command -v useradd >/dev/null 2>&1 || refuse "useradd not found (package passwd)"
command -v getent >/dev/null 2>&1 || refuse "getent not found (package libc-bin)"
if command -v getent >/dev/null 2>&1; then
    getent group dialout >/dev/null 2>&1 || refuse "group 'dialout' missing: the serial ports need it"
fi
[ -f "$HERE/modem-firmware.jar" ] || refuse "modem-firmware.jar not found next to install.sh ($HERE)"
[ -f "$HERE/modem-firmware.service" ] || refuse "modem-firmware.service not found in $HERE"
[ -f "$HERE/modem-firmware.conf.example" ] || refuse "modem-firmware.conf.example not found in $HERE"

if [ "$missing" != 0 ]; then
    echo "install.sh: nothing was installed" >&2
    exit 1
fi
if [ "$CHECK_ONLY" = 1 ]; then
    echo "install.sh: all prerequisites present"
    exit 0
fi

groups=dialout
for g in gpio spi i2c; do
    if getent group "$g" >/dev/null 2>&1; then groups="$groups,$g"; fi
done
if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin \
        --groups "$groups" "$USER_NAME"
    echo "created user $USER_NAME (groups $groups)"
else
    usermod -a -G "$groups" "$USER_NAME"
fi

install -d -m 0755 "$PREFIX"
install -d -m 0750 -o root -g "$USER_NAME" "$CONF"
install -d -m 0700 -o "$USER_NAME" -g "$USER_NAME" "$DATA"
install -m 0644 "$HERE/modem-firmware.jar" "$PREFIX/modem-firmware.jar"
if [ -d "$HERE/docs" ]; then
    cp -r "$HERE/docs" "$PREFIX/"
fi
install -m 0640 -o root -g "$USER_NAME" "$HERE/modem-firmware.conf.example" "$CONF/modem-firmware.conf.example"
sed -e "s#@PREFIX@#$PREFIX#g" -e "s#@CONF@#$CONF#g" -e "s#@USER@#$USER_NAME#g" \
    "$HERE/modem-firmware.service" > "$UNIT_DIR/modem-firmware.service"
chmod 0644 "$UNIT_DIR/modem-firmware.service"
systemctl daemon-reload

cat <<NEXT
installed: $PREFIX/modem-firmware.jar, $UNIT_DIR/modem-firmware.service
next steps:
  1. cp $CONF/modem-firmware.conf.example $CONF/modem-firmware.conf and edit it
  2. java -jar $PREFIX/modem-firmware.jar generate-secret $CONF/pairing.key   (share with the host)
     generate a NEW auth secret once (generate-secret --bytes 8192 FILE), copy it to both boards
  3. sudo -u $USER_NAME java -jar $PREFIX/modem-firmware.jar provision --config $CONF/modem-firmware.conf --auth-secret FILE
     then delete FILE on both boards (shred -u FILE): a secret is provisioned once, never again
  4. java -jar $PREFIX/modem-firmware.jar check-config --config $CONF/modem-firmware.conf
  5. systemctl enable --now modem-firmware
NEXT
