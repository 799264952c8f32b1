#!/bin/sh
# Puts 꿈길 in the applications menu, pointing at this folder (run it again after moving the
# folder). Writes only into your own ~/.local/share; nothing needs sudo.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
share="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$share/applications"
icons="$share/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/kkumgil.png" "$icons/kkumgil.png"
# Exec quotes the path, so a folder name with spaces or Hangul works; \ " ` $ inside the quotes
# are escaped as the desktop entry specification asks (twice: once for the string, once for
# the quoting).
program=$(printf '%s\n' "$here/kkumgil" | sed 's/[\\"`$]/\\\\&/g')
while IFS= read -r line; do
    case "$line" in
        Exec=*) printf 'Exec="%s"\n' "$program" ;;
        Icon=*) printf 'Icon=%s\n' "$icons/kkumgil.png" ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$here/kkumgil.desktop" > "$apps/kkumgil.desktop"
chmod +x "$apps/kkumgil.desktop"
if command -v update-desktop-database >/dev/null; then
    update-desktop-database "$apps" 2>/dev/null || true
fi
echo "꿈길을 프로그램 메뉴에 넣었어요 (added to the applications menu): $apps/kkumgil.desktop"
