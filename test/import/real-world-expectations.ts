import type { ExpectedProgram } from '../helpers/corpus-meaning.js';
import type { CorpusCase } from './real-world-cases.js';

/**
 * What supervisord does with each supervisord config of the corpus, read from
 * the file and supervisord's docs (not from drover's output). /dev/stdout,
 * /dev/fd/N and /proc/1/fd/N mean the console; NONE means no log.
 */
const CONSOLE: ExpectedProgram = { stdout_logfile: 'console', stderr_logfile: 'console' };
const CONSOLE_MERGED: ExpectedProgram = { stdout_logfile: 'console', redirect_stderr: true };
const own = (...programs: string[]) => programs.map((p) => `${p}:${p}`);
const USER_DROPPED = /user=root has no equivalent|user=olympia has no equivalent/;
const LISTENER = /eventlistener/;

const azuracastFile = (name: string): ExpectedProgram => ({ stdout_logfile: `/var/azuracast/www_tmp/service_${name}.log`, redirect_stderr: true });
const azuracastConsole: ExpectedProgram = { stdout_logfile: 'console', stderr_logfile: 'console' };
const dmsLog = (folder = 'supervisor'): ExpectedProgram => ({
  stdout_logfile: `/var/log/${folder}/%(program_name)s.log`,
  stderr_logfile: `/var/log/${folder}/%(program_name)s.log`,
  autostart: false,
  stopwaitsecs: 55,
});
const onlyoffice = (
  program: string,
  sourceDir: string,
  environment: Record<string, string> = { NODE_ENV: 'production-linux', NODE_CONFIG_DIR: '/etc/onlyoffice/documentserver', NODE_DISABLE_COLORS: '1' },
): ExpectedProgram => ({
  directory: `/var/www/onlyoffice/documentserver/server/${sourceDir}`,
  user: 'onlyoffice',
  environment,
  stdout_logfile: `/var/log/onlyoffice/documentserver/${program}/out.log`,
  stderr_logfile: `/var/log/onlyoffice/documentserver/${program}/err.log`,
});
const paperless = (extra: ExpectedProgram): ExpectedProgram => ({ ...CONSOLE, user: 'paperless', environment: { HOME: '/usr/src/paperless', USER: 'paperless' }, ...extra });
const webdevops = (group: string, program: string, priorityWarning = true, extra: ExpectedProgram = {}): CorpusCase => ({
  config: `supervisord/webdevops/docker/${group === 'nginx' ? 'php-nginx/8.3' : group === 'php-fpm' ? 'php-official/8.3' : 'base/ubuntu-22.04'}/conf/etc/supervisor.d/${group}.conf`,
  programs: { [program]: { ...CONSOLE, autostart: group === 'nginx' || group === 'php-fpm', ...extra } },
  names: [`${group}:${program}`],
  groups: { [group]: [program] },
  warnings: priorityWarning ? [/priority/] : [],
});
const weblate = (file: string, program: string, priority?: number): CorpusCase => ({
  config: `supervisord/weblate/etc/supervisor/conf.d/${file}.conf`,
  env: {
    CELERY_BACKUP_OPTIONS: '',
    CELERY_BEAT_OPTIONS: '',
    CELERY_MAIN_OPTIONS: '',
    CELERY_MEMORY_OPTIONS: '',
    CELERY_NOTIFY_OPTIONS: '',
    CELERY_SINGLE_OPTIONS: '',
    CELERY_TRANSLATE_OPTIONS: '',
  },
  programs: { [program]: { ...CONSOLE_MERGED, environment: { CELERY_WORKER_RUNNING: '1', CELERY_APP: 'weblate.utils' }, ...(priority === undefined ? {} : { priority }) } },
  names: own(program),
});

export const SUPERVISORD_CASES: CorpusCase[] = [
  {
    config: 'supervisord/addons-server-celery.conf',
    programs: {
      'olympia-worker': {
        directory: '/code',
        redirect_stderr: true,
        stdout_logfile: 'logs/docker-celery.log',
        stopsignal: 'KILL',
        environment: { DJANGO_SETTINGS_MODULE: 'settings' },
      },
    },
    names: own('olympia-worker'),
    warnings: [/inet_http_server/, /relative/],
  },
  {
    config: 'supervisord/addons-server-web.conf',
    programs: {
      olympia: { directory: '/data/olympia', redirect_stderr: true, stdout_logfile: 'logs/docker-olympia.log', stopsignal: 'KILL', priority: 500 },
      watcher: { directory: '/tmp', priority: 991 },
    },
    names: own('olympia', 'watcher'),
    warnings: [USER_DROPPED, /inet_http_server/],
  },
  {
    config: 'supervisord/awx-docker-compose.conf',
    programs: {
      'awx-dispatcher': CONSOLE,
      'awx-receiver': CONSOLE,
      'awx-wsrelay': CONSOLE,
      'awx-ws-heartbeat': CONSOLE,
      'awx-rsyslog-configurer': CONSOLE,
      'awx-cache-clear': CONSOLE,
      'awx-uwsgi': { ...CONSOLE, stopwaitsecs: 1, stopsignal: 'KILL' },
      'awx-daphne': CONSOLE,
      'awx-nginx': CONSOLE,
      'awx-rsyslogd': CONSOLE,
      'awx-receptor': CONSOLE,
      'awx-autoreload': CONSOLE,
    },
    names: [
      ...[
        'awx-dispatcher',
        'awx-receiver',
        'awx-uwsgi',
        'awx-daphne',
        'awx-nginx',
        'awx-wsrelay',
        'awx-rsyslogd',
        'awx-ws-heartbeat',
        'awx-rsyslog-configurer',
        'awx-cache-clear',
      ].map((p) => `tower-processes:${p}`),
      'awx-receptor:awx-receptor',
      'awx-autoreload:awx-autoreload',
    ],
    groups: {
      'tower-processes': [
        'awx-dispatcher',
        'awx-receiver',
        'awx-uwsgi',
        'awx-daphne',
        'awx-nginx',
        'awx-wsrelay',
        'awx-rsyslogd',
        'awx-ws-heartbeat',
        'awx-rsyslog-configurer',
        'awx-cache-clear',
      ],
    },
    warnings: [LISTENER, /priority/],
  },
  {
    config: 'supervisord/azuracast/supervisord-full.conf',
    programs: {
      mariadb: { ...azuracastFile('mariadb'), user: 'mysql', priority: 100 },
      redis: { ...azuracastFile('redis'), user: 'valkey', priority: 100 },
      centrifugo: { ...azuracastFile('centrifugo'), directory: '/var/azuracast/centrifugo', user: 'azuracast', priority: 700, autostart: false },
      cron: { ...azuracastFile('cron'), priority: 600, autostart: false },
      nginx: { ...azuracastFile('nginx'), priority: 400, autostart: false },
      'php-fpm': { ...azuracastConsole, priority: 300, autostart: false },
      'php-nowplaying': { ...azuracastConsole, user: 'azuracast', priority: 600, autostart: false },
      'php-worker': { ...azuracastConsole, user: 'azuracast', priority: 600, autostart: false },
      sftpgo: { ...azuracastFile('sftpgo'), directory: '/var/azuracast/sftpgo', user: 'azuracast', priority: 700, autostart: false },
      startup: { ...azuracastConsole, priority: 300 },
    },
    names: own('mariadb', 'redis', 'centrifugo', 'cron', 'nginx', 'php-fpm', 'php-nowplaying', 'php-worker', 'sftpgo', 'startup'),
    warnings: [LISTENER, USER_DROPPED, /matches no file/],
  },
  {
    config: 'supervisord/ckan-worker.conf',
    programs: {
      'ckan-worker': {
        user: 'www-data',
        process_name: '%(program_name)s-%(process_num)02d',
        stdout_logfile: '/var/log/ckan/ckan-worker.stdout.log',
        stderr_logfile: '/var/log/ckan/ckan-worker.stderr.log',
        stopwaitsecs: 600,
      },
    },
    names: ['ckan-worker:ckan-worker-00'],
  },
  {
    config: 'supervisord/cvat-server.conf',
    env: { HOME: '/home/django', NUMPROCS: '2', SMOKESCREEN_OPTS: '', CLAM_AV: 'no' },
    programs: {
      clamav_update: {},
      nginx: { process_name: '%(program_name)s-%(process_num)d' },
      uvicorn: {
        numprocs: '${NUMPROCS}',
        process_name: '%(program_name)s-%(process_num)d',
        environment: { CVAT_EVENTS_LOCAL_DB_FILENAME: 'events_%(process_num)03d.db', CVAT_POSTGRES_APPLICATION_NAME: 'cvat:server' },
      },
      smokescreen: {},
    },
    names: ['clamav_update:clamav_update', 'nginx:nginx-0', 'uvicorn:uvicorn-0', 'uvicorn:uvicorn-1', 'smokescreen:smokescreen'],
    warnings: [/fcgi-program|--prefork/],
  },
  {
    config: 'supervisord/docker-mailserver/target/supervisor/conf.d/dms-services.conf',
    env: { POSTGREY_DELAY: '300', POSTGREY_MAX_AGE: '35', POSTGREY_AUTO_WHITELIST_CLIENTS: '5', POSTGREY_TEXT: 'Delayed by Postgrey', FETCHMAIL_POLL: '300' },
    programs: {
      mailserver: { ...CONSOLE, stopwaitsecs: 55 },
      ...Object.fromEntries(
        [
          'cron',
          'rsyslog',
          'fail2ban',
          'opendkim',
          'opendmarc',
          'dovecot',
          'clamav',
          'postgrey',
          'amavis',
          'rspamd-redis',
          'postfix',
          'changedetector',
          'postsrsd',
          'update-check',
          'getmail',
        ].map((p) => [p, dmsLog()]),
      ),
      rspamd: dmsLog('mail'),
      fetchmail: { ...dmsLog(), user: 'fetchmail', environment: { HOME: '/var/lib/fetchmail', USER: 'fetchmail' } },
      'mta-sts-daemon': { ...dmsLog(), user: '_mta-sts', environment: { HOME: '/var/lib/mta-sts' } },
    },
    names: own(
      'mailserver',
      'cron',
      'rsyslog',
      'fail2ban',
      'opendkim',
      'opendmarc',
      'dovecot',
      'clamav',
      'postgrey',
      'amavis',
      'rspamd',
      'rspamd-redis',
      'fetchmail',
      'postfix',
      'changedetector',
      'postsrsd',
      'update-check',
      'mta-sts-daemon',
      'getmail',
    ),
  },
  {
    config: 'supervisord/docker-mailserver/target/supervisor/conf.d/saslauth.conf',
    env: { SASLAUTHD_MECH_OPTIONS: '' },
    programs: {
      saslauthd_ldap: { stdout_logfile: '/var/log/supervisor/%(program_name)s.log', stderr_logfile: '/var/log/supervisor/%(program_name)s.log', autostart: false },
      saslauthd_rimap: { stdout_logfile: '/var/log/supervisor/%(program_name)s.log', stderr_logfile: '/var/log/supervisor/%(program_name)s.log', autostart: false },
    },
    names: own('saslauthd_ldap', 'saslauthd_rimap'),
    warnings: [/pidfile/],
  },
  {
    config: 'supervisord/docker-selenium/NodeBase/selenium.conf',
    programs: {
      xvfb: { priority: 0, stdout_logfile: '/var/log/supervisor/xvfb-stdout.log', stderr_logfile: '/var/log/supervisor/xvfb-stderr.log' },
      vnc: { priority: 5, stdout_logfile: '/var/log/supervisor/vnc-stdout.log', stderr_logfile: '/var/log/supervisor/vnc-stderr.log' },
      novnc: { priority: 10, stdout_logfile: '/var/log/supervisor/novnc-stdout.log', stderr_logfile: '/var/log/supervisor/novnc-stderr.log' },
      'selenium-node': { ...CONSOLE_MERGED, priority: 15 },
    },
    names: own('xvfb', 'vnc', 'novnc', 'selenium-node'),
    warnings: [/capture_maxbytes/],
  },
  {
    config: 'supervisord/hypothesis-h.conf',
    env: { ENABLE_NGINX: 'true', ENABLE_WEB: 'true', ENABLE_WEBSOCKET: 'false', ENABLE_WEBSOCKET_MONOLITHIC: 'true', ENABLE_WORKER: 'false' },
    programs: Object.fromEntries(
      [
        ['nginx', 'ENABLE_NGINX'],
        ['web', 'ENABLE_WEB'],
        ['websocket', 'ENABLE_WEBSOCKET'],
        ['websocket-monolithic', 'ENABLE_WEBSOCKET_MONOLITHIC'],
        ['worker', 'ENABLE_WORKER'],
      ].map(([p, flag]) => [
        p!,
        {
          stdout_logfile: 'none',
          stderr_logfile: 'none',
          autostart: `\${${flag}}`,
          environment: { PYTHONUNBUFFERED: '1' },
          ...(p === 'websocket-monolithic' ? { process_name: 'websocket' } : {}),
        },
      ]),
    ),
    names: ['nginx:nginx', 'web:web', 'websocket:websocket', 'websocket-monolithic:websocket', 'worker:worker'],
    warnings: [LISTENER],
  },
  {
    config: 'supervisord/inked-engine-daphne.conf',
    programs: {
      asgi: { directory: '/home/ubuntu/app/inked-engine', numprocs: 4, process_name: 'asgi%(process_num)d', stdout_logfile: '/var/log/asgi.log', redirect_stderr: true },
    },
    names: ['asgi:asgi0', 'asgi:asgi1', 'asgi:asgi2', 'asgi:asgi3'],
    warnings: [/fcgi-program|--prefork/],
  },
  {
    config: 'supervisord/invoiceninja-debian.conf',
    programs: {
      'php-fpm': { ...CONSOLE_MERGED, priority: 5 },
      'queue-worker': {
        ...CONSOLE_MERGED,
        process_name: '%(program_name)s_%(process_num)02d',
        user: 'www-data',
        numprocs: 2,
        environment: { HOME: '/var/www' },
        stopwaitsecs: 3600,
      },
      scheduler: { ...CONSOLE_MERGED, user: 'www-data' },
    },
    names: ['php-fpm:php-fpm', 'queue-worker:queue-worker_00', 'queue-worker:queue-worker_01', 'scheduler:scheduler'],
    warnings: [USER_DROPPED],
  },
  {
    config: 'supervisord/laravel-sail.conf',
    env: { SUPERVISOR_PHP_COMMAND: '/usr/bin/php -d variables_order=EGPCS /var/www/html/artisan serve --host=0.0.0.0 --port=80', SUPERVISOR_PHP_USER: 'sail' },
    programs: { php: { ...CONSOLE, user: '${SUPERVISOR_PHP_USER}', environment: { LARAVEL_SAIL: '1' } } },
    names: own('php'),
    warnings: [USER_DROPPED],
  },
  {
    config: 'supervisord/mailcow-sogo.conf',
    programs: { 'syslog-ng': { ...CONSOLE, priority: 1 }, 'bootstrap-sogo': { ...CONSOLE, priority: 2, stopwaitsecs: 120 } },
    names: own('syslog-ng', 'bootstrap-sogo'),
    warnings: [LISTENER, USER_DROPPED],
  },
  {
    config: 'supervisord/microblog-pub-docker.conf',
    programs: {
      uvicorn: { numprocs: 2, process_name: 'uvicorn-%(process_num)d', redirect_stderr: true, stdout_logfile: 'data/uvicorn.log' },
      incoming_worker: { redirect_stderr: true, stdout_logfile: 'data/incoming.log' },
      outgoing_worker: { redirect_stderr: true, stdout_logfile: 'data/outgoing.log' },
    },
    names: ['uvicorn:uvicorn-0', 'uvicorn:uvicorn-1', 'incoming_worker:incoming_worker', 'outgoing_worker:outgoing_worker'],
    warnings: [/numproc/, /fcgi-program|--prefork/],
  },
  {
    config: 'supervisord/microblog/deployment/supervisor/microblog-tasks.conf',
    programs: { 'microblog-tasks': { directory: '/home/ubuntu/microblog', user: 'ubuntu' } },
    names: own('microblog-tasks'),
  },
  {
    config: 'supervisord/microblog/deployment/supervisor/microblog.conf',
    programs: { microblog: { directory: '/home/ubuntu/microblog', user: 'ubuntu' } },
    names: own('microblog'),
  },
  {
    config: 'supervisord/nextcloud-full-fpm.conf',
    programs: { 'php-fpm': CONSOLE, cron: CONSOLE },
    names: own('php-fpm', 'cron'),
  },
  {
    config: 'supervisord/onlyoffice/',
    main: '[include]\nfiles = CORPUS/supervisord/onlyoffice/*.conf\n',
    programs: {
      converter: onlyoffice('converter', 'FileConverter/sources'),
      docservice: onlyoffice('docservice', 'DocService/sources'),
      gc: onlyoffice('gc', 'DocService/sources'),
      metrics: onlyoffice('metrics', 'Metrics/node_modules/statsd', { NODE_DISABLE_COLORS: '1' }),
      spellchecker: onlyoffice('spellchecker', 'SpellChecker/sources'),
    },
    names: ['docservice', 'converter', 'spellchecker', 'metrics', 'gc'].map((p) => `onlyoffice-documentserver:${p}`),
    groups: { 'onlyoffice-documentserver': ['docservice', 'converter', 'spellchecker', 'metrics', 'gc'] },
  },
  {
    config: 'supervisord/paperless-ngx.conf',
    programs: {
      gunicorn: paperless({ priority: 1 }),
      consumer: paperless({ stopsignal: 'INT', priority: 20 }),
      celery: paperless({ stopwaitsecs: 60, priority: 5 }),
      'celery-beat': paperless({ priority: 10 }),
      'celery-flower': paperless({ priority: 40 }),
    },
    names: own('gunicorn', 'consumer', 'celery', 'celery-beat', 'celery-flower'),
    warnings: [USER_DROPPED],
  },
  {
    config: 'supervisord/pterodactyl-panel.conf',
    programs: { 'php-fpm': {}, 'queue-worker': { user: 'nginx' }, nginx: { priority: 10 } },
    names: own('php-fpm', 'queue-worker', 'nginx'),
    warnings: [USER_DROPPED],
  },
  {
    config: 'supervisord/redash-ubuntu.conf',
    programs: Object.fromEntries(
      ['redash_server', 'redash_celery', 'redash_celery_scheduled'].map((p) => [
        p,
        { process_name: p, user: 'redash', directory: '/opt/redash/current', stdout_logfile: '/opt/redash/logs/redash.log', stderr_logfile: '/opt/redash/logs/redash.log' },
      ]),
    ),
    names: own('redash_server', 'redash_celery', 'redash_celery_scheduled'),
    warnings: [/inet_http_server/],
  },
  {
    config: 'supervisord/richarvey-nginx-php-fpm.conf',
    programs: { 'php-fpm': { ...CONSOLE, priority: 5, stopsignal: 'QUIT' }, nginx: { ...CONSOLE, priority: 10, stopsignal: 'QUIT' } },
    names: own('php-fpm', 'nginx'),
    warnings: [USER_DROPPED, /matches no file/],
  },
  {
    config: 'supervisord/selenium-video.conf',
    env: {
      SE_SUPERVISORD_CHILD_LOG_DIR: '/tmp',
      SE_SUPERVISORD_LOG_FILE: '/tmp/video-supervisord.log',
      SE_SUPERVISORD_PID_FILE: '/tmp/video-supervisord.pid',
      SE_SUPERVISORD_LOG_LEVEL: 'info',
      SE_VIDEO_INTERNAL_UPLOAD: 'false',
    },
    programs: {
      'video-recording': { ...CONSOLE_MERGED, priority: 10, stopwaitsecs: 30 },
      'video-ready': { ...CONSOLE_MERGED, priority: 0, stopsignal: 'KILL' },
      'video-upload': { ...CONSOLE_MERGED, priority: 5, autostart: '${SE_VIDEO_INTERNAL_UPLOAD}', stopwaitsecs: 30 },
    },
    names: own('video-recording', 'video-ready', 'video-upload'),
  },
  {
    config: 'supervisord/snipe-it.conf',
    programs: { apache: CONSOLE, run_schedule: { ...CONSOLE, user: 'docker' } },
    names: own('apache', 'run_schedule'),
    warnings: [LISTENER],
  },
  {
    config: 'supervisord/tiangolo-uwsgi-nginx.conf',
    programs: { uwsgi: CONSOLE, nginx: { ...CONSOLE, stopsignal: 'QUIT' } },
    names: own('uwsgi', 'nginx'),
    warnings: [LISTENER],
  },
  {
    config: 'supervisord/trafex-php-nginx.conf',
    programs: { 'php-fpm': CONSOLE, nginx: CONSOLE },
    names: own('php-fpm', 'nginx'),
  },
  {
    config: 'supervisord/ubuntu-vnc-desktop.conf',
    programs: {
      nginx: { priority: 10, directory: '/root' },
      web: { priority: 10, directory: '/usr/local/lib/web/backend', ...CONSOLE },
      wm: { priority: 15, directory: '/root', environment: { DISPLAY: ':1', HOME: '/root', USER: 'root' } },
      lxpanel: { priority: 15, directory: '%HOME%', user: '%USER%', environment: { DISPLAY: ':1', HOME: '%HOME%', USER: '%USER%' } },
      pcmanfm: { priority: 15, directory: '%HOME%', user: '%USER%', stopwaitsecs: 3, environment: { DISPLAY: ':1', HOME: '%HOME%', USER: '%USER%' } },
      xvfb: { priority: 10, directory: '/root', stopsignal: 'KILL' },
      x11vnc: { priority: 20, directory: '/root' },
      novnc: { priority: 25, directory: '/usr/local/lib/web/frontend/static/novnc' },
    },
    names: ['nginx:nginx', 'web:web', ...['xvfb', 'wm', 'lxpanel', 'pcmanfm', 'x11vnc', 'novnc'].map((p) => `x:${p}`)],
    groups: { x: ['xvfb', 'wm', 'lxpanel', 'pcmanfm', 'x11vnc', 'novnc'] },
    warnings: [/"redirect_stderr"/, /"stopsignal"/, /"autorestart"/, /lone %/],
  },
  webdevops('cron', 'crond'),
  webdevops('dnsmasq', 'dnsmasqd'),
  webdevops('postfix', 'postfixd', true, { directory: '/etc/postfix' }),
  webdevops('ssh', 'sshd'),
  webdevops('syslog', 'syslogd'),
  webdevops('nginx', 'nginxd'),
  webdevops('php-fpm', 'php-fpmd'),
  weblate('celery-backup', 'celery-backup'),
  weblate('celery-beat', 'celery-beat'),
  weblate('celery-celery', 'celery-celery', 400),
  weblate('celery-memory', 'celery-memory', 600),
  weblate('celery-notify', 'celery-notify', 500),
  weblate('celery-single', 'celery', 400),
  weblate('celery-translate', 'celery-translate', 700),
  { ...weblate('check', 'check'), programs: { check: CONSOLE_MERGED } },
  {
    config: 'supervisord/weblate/etc/supervisor/conf.d/web.conf',
    env: {
      GRANIAN_INTERFACE: 'wsgi',
      GRANIAN_MODE_ARGS: '',
      WEB_WORKERS: '2',
      GRANIAN_SOCKET: '/run/granian.sock',
      GRANIAN_ARGS: '',
      GRANIAN_APPLICATION: 'weblate.wsgi:application',
    },
    programs: { granian: { ...CONSOLE_MERGED, priority: 100 }, nginx: { ...CONSOLE_MERGED, priority: 200 } },
    names: own('granian', 'nginx'),
  },
];

/**
 * Main files with no program of their own: their [include] names absolute
 * paths inside the image, so their programs are imported file by file above
 * (README there). Importing one alone must say that it holds no program.
 */
export const NO_PROGRAM_FILES = [
  'supervisord/azuracast/supervisord.conf',
  'supervisord/docker-mailserver/target/supervisor/supervisord.conf',
  'supervisord/docker-selenium/Base/supervisord.conf',
  'supervisord/onlyoffice/onlyoffice-documentserver.conf',
  'supervisord/supervisor-sample.conf',
  'supervisord/webdevops/docker/base/ubuntu-22.04/conf/etc/supervisor.conf',
  'supervisord/weblate/etc/supervisor/supervisord.conf',
];
