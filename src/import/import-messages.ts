/**
 * Every message `drover import` prints, built here so the wording stays
 * uniform: each names the setting and says what drover does instead.
 */

const show = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

// Reading the files

export const unreadableImport = (reason: string) => `cannot read the file to import: ${reason}`;
export const neitherFormat = () =>
  'not a supervisord config (no [section] headers such as [program:web]) and not a Procfile (no "name: command" lines such as "web: gunicorn app:app")';
export const nothingToImport = (format: 'supervisord' | 'procfile') =>
  format === 'supervisord' ? 'found no [program:x] or [fcgi-program:x] section that could be imported' : 'found no "name: command" line that could be imported';
export const optionBeforeSection = (line: string) => `expected a [section] header before the first option, got ${show(line)}`;
export const badIniLine = (line: string) => `expected "name = value", a [section] header or an indented continuation line, got ${show(line)}`;
export const includeNeedsFiles = () => '[include] has no files = setting; nothing was included';
export const includeMatchesNothing = (pattern: string) => `[include] pattern ${show(pattern)} matches no file (supervisord skips it too)`;
export const includePatternKey = (pattern: string, reason: string) => `[include] pattern ${show(pattern)} cannot be expanded: ${reason}`;
export const includeLoop = (file: string) => `[include] names ${file}, which is already being read (an include loop); not read again`;
export const includedTwice = (file: string) => `[include] names ${file} a second time; it was read once`;
export const unreadableInclude = (file: string, reason: string) => `cannot read the included file ${file}: ${reason}`;
export const notAProcfileLine = (line: string) => `expected a Procfile line "name: command", got ${show(line)}; skipped`;
export const procfileDuplicate = (name: string, firstLine: number) => `${name} is defined again (first at line ${firstLine}); the later line wins, as in foreman`;

// Values

export const expectedSupervisord = (expected: string, text: string) => `expected ${expected}, got ${show(text)} (supervisord refuses it too)`;
export const optionNotImported = (name: string, reason: string) => `${name}: ${reason}; not imported`;
export const badEnvironmentPair = (pair: string) => `expected KEY=value pairs separated by commas, got ${show(pair)}`;
export const noClosingQuote = () => 'a quote is not closed';
export const noEscapedCharacter = () => 'it ends with a backslash';
export const unsplittableCommand = (reason: string) => `the command cannot be split into words: ${reason}`;
export const commandHasShellSyntax = (operator: string, argv: readonly string[]) =>
  `the command holds ${show(operator)}, which supervisord passed to ${show(argv[0] ?? '')} as a plain argument, not to a shell; ` +
  'it is written as a list so that drover does the same (to use a shell, write: sh -c "…")';
export const negativePriority = (text: string) => `priority ${text.trim()} is below 0, drover's lowest; written as 0 (start order among negative priorities is lost)`;
export const relativePath = (value: string) =>
  `${show(value)} is relative: supervisord resolved it against the folder it was started from, drover resolves it against the folder of programs.yaml`;
export const syslogLogfile = (name: string) =>
  `${name}=syslog has no equivalent: drover writes output to log files and its ring buffer, not to syslog; drover's default (auto) is used`;

// Expansions

export const percentWithoutKey = (rest: string) => `a lone % at ${show(rest.slice(0, 12))} (supervisord refuses a value with a % that is not %(name)s or %%); kept as a literal %`;
export const unknownPercentKey = (raw: string) => `${raw} is not an expansion supervisord knows here (it refuses it too)`;
export const unsupportedKeyFormat = (raw: string) => `${raw}: drover's templates take only the %(name)s, %(name)d or %(name)02d forms here`;
export const keyOnlyPerProcess = (raw: string) => `${raw} is expanded per process only in command, process_name, environment and log files (supervisord refuses it here too)`;
export const hostNameFixed = (raw: string, name: string) => `${raw} was replaced by this machine's name, ${show(name)}; check it on the machine that will run drover`;

// Sections and options

export const noEquivalent = (name: string, value: string, reason: string) => `${name}=${value.trim()} has no equivalent: ${reason}; not imported`;
export const unknownProgramOption = (name: string) => `unknown option ${show(name)} (supervisord ignores it too); not imported`;
export const unknownSectionOption = (section: string, name: string) => `[${section}] option ${show(name)} is unknown or has no equivalent; not imported`;
export const unknownSection = (name: string) => `[${name}] is not a section supervisord or drover knows; not imported`;
export const sectionNotImported = (name: string, reason: string) => `[${name}] has no equivalent: ${reason}; not imported`;
export const noCommand = (section: string) => `[${section}] has no command (supervisord refuses it too); not imported`;
export const notImported = (section: string, reason: string) => `[${section}] not imported: ${reason}`;
export const invalidProgramName = (written: string, name: string) =>
  `program name ${show(written)} holds characters drover does not allow in names (letters, digits, "_", "." and "-"); imported as ${show(name)}`;
export const invalidGroupName = (written: string, name: string) => `group name ${show(written)} holds characters drover does not allow in names; imported as ${show(name)}`;
export const duplicateProgram = (section: string, name: string) => `[${section}] is a second program named ${show(name)}; not imported`;
export const groupMemberUnknown = (group: string, member: string) => `[${group}] names ${show(member)}, which is not an imported program; left out of the group`;
export const groupWithoutMembers = (group: string) => `[${group}] has no imported program; not imported`;
export const logfileNotAFolder = (value: string) =>
  `logfile=${value.trim()} is not a folder for drover's logs: logdir is left at its default (logs/ beside programs.yaml); ` +
  'drover writes its own log there, as drover.log, when detached (drover --daemon); in the foreground (drover --daemon --foreground, as in a container) it prints those lines on stdout instead';
export const logdirChosen = (chosen: string, other: string) =>
  `drover writes its own log and the programs' auto logs to one folder, supervisor.logdir: ${show(chosen)} (from childlogdir); the logfile's folder ${show(other)} is not used`;

// Prefork

export const fcgiNeedsPrefork = (section: string) =>
  `[${section}] imported as a plain program: its processes expect the socket supervisord bound as their stdin; run drover import --prefork to have drover bind it (type: prefork)`;
export const fcgiWithoutSocket = (section: string) => `[${section}] has no socket setting (supervisord refuses it too); imported as a plain program`;
export const fcgiStaysPlain = (reason: string) => `socket: ${reason}; imported as a plain program`;
export const badFcgiSocket = (socket: string) => `expected socket = tcp://host:port or unix:///absolute/path, got ${show(socket)}; imported as a plain program`;
export const gunicornStaysPlain = (reason: string) => `gunicorn kept as a plain program: ${reason}`;
export const gunicornBindInherited = (bind: string) => `it already serves an inherited socket (${bind})`;
export const gunicornBadBind = (bind: string, reason: string) => `its bind ${show(bind)} is not one drover can bind (${reason})`;
export const gunicornBadWorkers = (workers: string) => `its worker count ${show(workers)} is not a whole number ≥ 1`;
export const gunicornConfigExpression = (file: string, name: string, expression: string, used: unknown) =>
  `${file} sets ${name} = ${expression.length > 80 ? `${expression.slice(0, 80)}…` : expression}, which drover cannot evaluate (it reads plain values only); ` +
  `the prefork program has ${name}: ${Array.isArray(used) ? used.join(', ') : String(used)} instead: set it to what gunicorn would use`;
export const numprocsBecameWorkers = (numprocs: number, workers: number | string) =>
  `numprocs=${numprocs} ran ${numprocs} gunicorn masters; the prefork program runs one set of workers (workers: ${workers})`;
export const processNameDropped = (name: string) => `process_name ${show(name)} has no %(process_num): prefork workers need distinct names, so drover's numbered default is used`;
export const webNotPreforkable = (command: string) =>
  `web kept as a plain program: ${show(command)} is not a gunicorn command line; a prefork worker must serve the socket drover passes it (gunicorn with no -b, uvicorn --fd {fd})`;
