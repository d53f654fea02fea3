#!/usr/bin/env bash
# Runs the portal with a Celery worker and Celery beat; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CELERY=.venv/bin/celery
export DJANGO_SETTINGS_MODULE=portal.settings.dev
PORT="${PORT:-8000}"
# Links in the notices point at this server (settings: PORTAL_BASE_URL).
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:$PORT}"

stop() {
    trap - EXIT
    trap '' INT TERM # a second Ctrl-C does not cut the stopping short
    # Each program's own process first: a Celery worker then stops its pool itself (a
    # TERM to the whole group reached the pool too, and the worker waited for it forever).
    kill $(jobs -p) 2>/dev/null || true
    for _ in $(seq 1 30); do
        [ -z "$(jobs -pr)" ] && break
        sleep 0.5
    done
    kill -KILL $(jobs -pr) 2>/dev/null || true # one still running after 15 s
    # What they left in this group (runserver's reloaded child).
    kill 0 2>/dev/null || true
    wait || true
}
trap stop EXIT INT TERM

broker="embedded (filesystem under var/celery)"
[ -n "${REDIS_URL:-}" ] && broker="$REDIS_URL"

$CELERY -A portal worker --loglevel=INFO --concurrency=2 >var/celery-worker.log 2>&1 &
# Scans (OCR) and previews: a worker of their own, so a long scan never delays notices.
$CELERY -A portal worker -Q ocr -n ocr@%h --loglevel=INFO --concurrency=1 >var/celery-ocr.log 2>&1 &
$CELERY -A portal beat --loglevel=INFO --pidfile= --schedule=var/celerybeat-schedule >var/celery-beat.log 2>&1 &

cat <<MSG

  Cổng chỉ đạo đang chạy: http://127.0.0.1:$PORT/   (quản trị: http://127.0.0.1:$PORT/admin/)
  Tài khoản demo: admin, reviewer (Ban Tuyên giáo thẩm định), department-editor (biên tập, dịch), lanh-dao (lãnh đạo Ban: bảng điều hành), và cho mỗi đơn vị <mã-đơn-vị>-editor / <mã-đơn-vị>-approver
                  (ví dụ thanh-uy-da-lat-editor, so-thong-tin-va-truyen-thong-approver)
  Mật khẩu demo:  $(cat var/demo-password)
  Celery broker:  $broker   (nhật ký: var/celery-worker.log, var/celery-ocr.log, var/celery-beat.log)
  Thư gửi đi:     var/mail/

MSG
# In the background and waited for: bash runs the trap only once its foreground
# command has ended, so a TERM to this script would otherwise leave everything running.
$PY manage.py runserver "127.0.0.1:$PORT" &
wait $!
