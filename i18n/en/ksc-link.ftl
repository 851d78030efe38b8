# ksc-link: English messages (the fallback language).
# Terms follow Kaspersky Security Center's own English interface.

-product = ksc-link
-ksc = Kaspersky Security Center

app-title = { -product }
app-demo-banner = Demo — simulated servers
app-demo-servers-failed = The simulated servers could not be started: { $error }
app-demo-servers-stopped = the simulated servers stopped while starting

# Counts go through Fluent plural rules, never string concatenation.
count-virtual-servers = { $count ->
    [one] { $count } virtual server
   *[other] { $count } virtual servers
}


## App: window title, banner, notices

app-title-wizard = { $title } — Add secondary Administration Server, step { $step } of { $count }: { $name }
app-title-banner = { $title } — { $banner }
app-settings-not-read = Settings not read: { $error }
app-settings-read-interrupted = reading the settings was interrupted: { $error }
app-settings-save-interrupted = saving the settings was interrupted: { $error }
app-settings-unsaved = Settings not saved — { $error }. Nothing is lost while the app stays open: Retry writes them once the cause is fixed (free space, write permission).
app-settings-unsaved-closing = Settings not saved — { $error }. Close the window again to quit without them, or press Retry.
app-settings-retry = Retry
app-close-wizard-busy = The window stays open: the wizard is writing to the servers, or a half-built hierarchy waits for you to roll it back or keep it. Close it once that is done.
app-close-secondary-saving = The window stays open while the settings are being written to this server. Close it once the save has finished.

## Language picker

language-label = Language
language-system = System default


## Connect

connect-title = Connect to an Administration Server
connect-address = Administration Server address
connect-port = Open API port
connect-remember-password = Remember password (system keyring)
connect-code-asked = The server asks for the { $length }-digit security code from your authenticator app.
connect-code-refused = The last code was refused; type the current one.
clock-server-ahead = { $server }'s clock is { $difference } ahead of this computer's; codes from the authenticator may be refused. Kaspersky asks for the Administration Server and the device with the authenticator app to be synchronised to UTC by external time sources: synchronise both.
clock-server-behind = { $server }'s clock is { $difference } behind this computer's; codes from the authenticator may be refused. Kaspersky asks for the Administration Server and the device with the authenticator app to be synchronised to UTC by external time sources: synchronise both.
clock-hours = { $n } h
clock-minutes = { $n } min
clock-seconds = { $n } s
two-step-code-changes-in = The current code changes in { $seconds } s
two-step-login-ended = { $server } ended this login after refused codes. Everything else you typed is kept: start again to be asked for a new code.
connect-first-connection = First connection to this server: check its certificate
connect-compare-fingerprint = Compare the SHA-256 fingerprint with the one shown on the server (KSC Web Console, server properties) before trusting it.
connect-trust = Trust this certificate and connect
connect-do-not-trust = Do not trust
connect-certificate-changed-title = WARNING: the server's certificate has changed
connect-trust-new = Trust the new certificate
connect-fetching = Getting the server's certificate…
connect-logging-in = Logging in…
connect-connect = Connect
connect-servers = Servers
connect-servers-empty = Servers you connect to are listed here.
connect-servers-starting = Starting the simulated servers…
connect-preset-ports = { $address }, API port { $api }
connect-preset-ports-ssl = { $address }, API port { $api }, SSL port { $ssl }
connect-password-unreadable = The remembered password could not be read from the system keyring: { $error }
connect-fetch-failed = Could not get the server's certificate: { $error }
connect-not-trusted = The certificate was not trusted; nothing was sent to the server.
connect-two-step-not-set-up = This account must use two-step verification, but it is not set up yet. Set it up by logging in once to the KSC Web Console, then connect again.
connect-changed-certificate-unreadable = The server's certificate changed and the new one cannot be read ({ $error }). Nothing was sent to the server.

## Home

# The root administration group, as the KSC consoles name it.
group-root-name = Managed devices
home-connected = Connected to { $address } as { $user }
home-certificate = Certificate SHA-256 { $fingerprint }
home-add-secondary-intro = Add a secondary Administration Server to this server: it will appear in the administration group you choose, and receive this server's policies and tasks.
home-add-secondary = Add secondary Administration Server
home-disconnect = Disconnect
home-secondary-side-intro = When the primary cannot reach the secondary: make this server secondary from its own side, or export a join file for a secondary's administrator.
home-this-server-is-secondary = This server is secondary
home-export-join-file = Export join file
home-autotask-intro = Before integrating with Autotask PSA: check the Autotask API user and that every virtual server can get its own Autotask account.
home-autotask-prerequisites = Autotask integration prerequisites
home-reading-groups = Reading the administration groups…
home-groups-failed = Could not read the server's groups: { $error }


## Export join file

export-intro = For a branch office whose Administration Server this server cannot reach: the join file holds this server's address, SSL port and certificate (no password). Its administrator imports it on "{ home-this-server-is-secondary }".
export-address = Address the secondary server connects to
export-use-proxy = The secondary server uses a proxy server to reach this server
export-this-certificate = This server's certificate
export-local-same = This computer is a KSC server: its certificate is { $path } (the same certificate).
export-local-different = This computer is a KSC server: its certificate is { $path }, a different certificate: this computer is not the server you are connected to.
export-saved = Saved { $path }. Tell the branch administrator this fingerprint by phone: { $fingerprint }
export-save-certificate = Save klserver.cer…
export-save-join-file = Save join file…
export-save-join-file-title = Save the join file
export-save-certificate-title = Save the server's certificate
export-filter-join-files = Join files
export-reading-certificate = Reading the server's certificate…
export-writing-join-file = Writing the join file…
export-writing-certificate = Writing the certificate…
export-write-interrupted = writing was interrupted: { $error }
export-certificate-read-failed = Could not read the server's certificate: { $error }
export-certificate-unreadable = The server's certificate cannot be read: { $error }

## This server is secondary

secondary-intro = Hierarchy of Administration Servers on { $server }. Use this page when the primary server cannot connect to this one: with the primary's certificate (klserver.cer) this server connects to the primary itself.
secondary-is-secondary = This Administration Server is secondary in the hierarchy
secondary-dmz = Connect primary Administration Server to secondary Administration Server in DMZ
secondary-use-proxy = Use proxy server
secondary-primary-address = Primary Administration Server address
secondary-primary-ssl-port = Primary Administration Server SSL port
secondary-proxy-address = Proxy server address
secondary-proxy-port = Proxy server port
secondary-proxy-user = Proxy user name (optional)
secondary-proxy-password = Proxy password
secondary-proxy-password-note = The proxy password is written to this server encrypted for it and kept in your system's keyring, never in the app's settings file.
secondary-problem-proxy-password = type the proxy password: the server keeps it encrypted and cannot show it
secondary-problem-certificate = choose the primary Administration Server's certificate (klserver.cer)
secondary-problem-certificate-unconfirmed = compare the certificate's fingerprint with the primary's administrator, then tick "{ secondary-fingerprint-confirm }"
secondary-stored-certificate-unreadable = The primary's certificate stored on this server cannot be read ({ $error }); choose the primary's klserver.cer again.
secondary-now-not-secondary = Now: this server is not a secondary server.
secondary-now-secondary = Now: secondary of { $address } (SSL port { $ports })
secondary-now-no-address = (no address)
secondary-now-no-port = none
secondary-now-certificate = Primary's certificate: SHA-256 { $fingerprint }, valid until { $date }
secondary-now-certificate-unreadable = Primary's certificate: unreadable
secondary-now-certificate-none = Primary's certificate: none
secondary-now-dmz = DMZ: the primary connects to this server
secondary-now-no-dmz = DMZ: no, this server connects to the primary
secondary-now-proxy = Proxy server: { $location }
secondary-now-proxy-user = Proxy server: { $location }, user { $user }
secondary-now-no-proxy = Proxy server: none
secondary-certificate-title = Certificate of the primary Administration Server
secondary-scanning = Looking at removable drives…
secondary-no-drive = No removable drive is mounted. Insert the drive holding the primary's klserver.cer, or browse for the file.
secondary-no-certificate-on-drives = { $count ->
    [one] No certificate file on the removable drive { $drives }.
   *[other] No certificate file on the removable drives { $drives }.
}
secondary-candidates = Certificate files found on removable drives:
secondary-candidate-details = SHA-256 { $fingerprint } · valid until { $date }
secondary-not-listed = Not listed: { $path }: { $reason }
secondary-browse = Browse…
secondary-look-again = Look again
secondary-import-join-file = Import join file…
secondary-join-file-title = Join file exported on the primary Administration Server
secondary-source-server = Stored on this server
secondary-source-file = From the file { $path }
secondary-source-drive = From the removable drive: { $path }
secondary-source-join-file = From the join file { $path }
secondary-compare-fingerprint = Compare this SHA-256 fingerprint with the one the primary's administrator tells you (by phone, not from the same drive or mail as the file) before saving:
secondary-fingerprint-confirm = I compared this fingerprint with the one the primary's administrator gave me
secondary-file-unusable = { $path } cannot be used: { $error }
secondary-reading = Reading the hierarchy settings…
secondary-reading-join-file = Reading the join file…
secondary-saving = Saving and reading back the hierarchy settings…
secondary-detaching = Detaching this server from its primary…
secondary-host-name-failed = Could not read the server's host name: { $error }
secondary-read-failed = Could not read the hierarchy settings: { $error }
secondary-not-saved = Not saved: { $error }
secondary-proxy-password-not-kept = The proxy password was saved on the server but not in the keyring ({ $error }); you will have to type it again next time.
secondary-unsaved = Unsaved changes
secondary-save = Save
secondary-leave-question = Leave this page? Your changes have not been saved.
secondary-discard-changes = Discard changes
secondary-detach-question = Detach this server from its primary? It stops receiving the primary's policies and tasks.
secondary-detach = Detach
# After a save: when it was saved and how many settings the server reports changed.
secondary-saved = Saved at { $time }. Read back from the server: { $count ->
    [0] nothing changed
    [one] { $count } setting changed
   *[other] { $count } settings changed
}.
# After a save the server confirmed but could not be read back from; $error says why.
secondary-saved-not-read-back = Saved at { $time }: the server accepted the settings, but reading them back failed ({ $error }). The changes below are what was written; open this page again later to see what the server reports.
# One changed setting, e.g. "Primary Administration Server address: (empty) → ksc-hq".
secondary-change = { $setting }: { $before } → { $after }
secondary-change-empty = (empty)
# A setting the server returned otherwise than it was written, e.g. "Primary Administration Server SSL port" (KLSRV_MASTER_SRV_PORTS) read back as [14000], not [13000].
secondary-read-back-differs = the setting "{ $setting }" ({ $name }) read back as { $found }, not { $expected } as written
secondary-value-set = (set)
secondary-detached = This server is no longer secondary. On the primary it shows as Inactive until its administrator deletes it from Administration Servers.
secondary-primary-admin-sees = On the primary, its administrator sees this server under Administration Servers, in the administration group where it was registered with this server's klserver.cer; its status becomes Active once this server has connected (if the primary's administrator has not registered it yet, send them this server's klserver.cer).
secondary-check-skipped = The app did not check the primary itself: it knows no sign-in for { $primary } that trusts the certificate saved here (connect to the primary once with "Remember password" to have it checked next time).
secondary-check-failed = The app could not check the primary { $primary } itself: { $error }.
secondary-check-running = Asking the primary { $primary } whether it sees this server… ({ $seconds } s)
secondary-own-certificate-failed = could not read this server's certificate: { $error }
secondary-primary-sign-in-failed = could not sign in to the primary: { $error }

# The settings read back from KLSRV_MASTER_SRV, as the save report names them.
secondary-setting-use-master = Secondary in the hierarchy
secondary-setting-primary-address = Primary Administration Server address
secondary-setting-primary-ports = Primary Administration Server SSL port
secondary-setting-primary-certificate = Primary's certificate (SHA-256)
secondary-setting-dmz = Primary connects to this server (DMZ)
secondary-setting-use-proxy = Use proxy server
secondary-setting-proxy = Proxy server
secondary-setting-proxy-user = Proxy user
secondary-setting-proxy-password = Proxy password

## What the primary sees of this server

onprimary-not-registered = This server is not registered on the primary { $primary }.
onprimary-register-hint = The primary's administrator must register it: in Administration Servers, add a secondary server to an administration group, using this server's klserver.cer.
onprimary-sees-as = The primary { $primary } sees this server as "{ $name }".
onprimary-status = Status: { $status }
onprimary-group = Group: { $group }
onprimary-group-id = group { $id }
onprimary-last-connected = Last connected: { $time }
onprimary-never = never
onprimary-unknown = unknown
onprimary-status-other = unknown ({ $code })
onprimary-inactive-hint = It becomes Active once this server has connected to the primary; check that the primary's address and SSL port are reachable from here.
onprimary-no-password = no password for { $user } on { $address } is remembered in the keyring
onprimary-no-password-error = no password for { $user } on { $address } is remembered in the keyring ({ $error })
onprimary-needs-code = { $address } asks for a two-step verification code

## Join file errors

joinfile-cannot-read = cannot read { $path }: { $error }
joinfile-cannot-write = cannot write { $path }: { $error }
joinfile-too-large = the file is larger than { $kib } KiB, far too large for a join file; choose the file exported as "{ home-export-join-file }" on the primary
joinfile-not-a-join-file = this is not a ksc-link join file ({ $detail }); choose the file exported as "{ home-export-join-file }" on the primary
joinfile-unsupported-version = this join file has format version { $found }, newer than this ksc-link reads (version { $known }); update ksc-link, or export the file again with this version
joinfile-truncated = the join file is incomplete: it ends before its closing [integrity] section (cut off in transfer?); copy or export it again
joinfile-changed = the join file is damaged: its content no longer matches its checksum (corrupted in transfer, or edited after export); do not use it: ask the primary's administrator to export it again
joinfile-tampered = the join file contradicts itself: it states the certificate fingerprint { $stated }, but the certificate in it has { $actual } (damaged or edited); do not use it
joinfile-certificate = the certificate in the join file is unusable: { $error }
joinfile-damaged = the join file is damaged: { $detail }
joinfile-wrong-value = the join file has a wrong value: { $error }
joinfile-detail-no-format-line = no "format" line
joinfile-detail-format = format "{ $format }"
joinfile-detail-not-text = not a text file
joinfile-detail-no-version = no valid version
joinfile-detail-fingerprint = the stated certificate fingerprint: { $error }
joinfile-detail-created = the export time "{ $value }": { $error }

## Removable drives

removable-too-large = far too large for a certificate

## Fields and validation (shared by the wizard, the settings and the command line)

field-display-name = Secondary Administration Server display name
field-secondary-address = Secondary Administration Server address
field-primary-address = Primary Administration Server address
field-ssl-port = Administration Server SSL port
field-api-port = Administration Server API port
field-proxy-address = Proxy server address
field-proxy-port = Proxy server port
field-proxy-user = Proxy user name
field-user = User name
field-code = Security code
field-certificate = Certificate
field-group = Administration group
# A field and what is wrong with it, e.g. "Proxy server port: enter a port number from 1 to 65535".
field-error = { $field }: { $problem }
problem-required = this field is required
problem-too-long = at most { $max ->
    [one] { $max } character
   *[other] { $max } characters
}
problem-bad-character = the character { $character } is not allowed
problem-bad-port = enter a port number from 1 to 65535
problem-bad-host = not a valid host name or IP address: { $why }
problem-required-for-dmz = required in DMZ mode: the primary server connects to this address
problem-name-taken = a secondary server with this name already exists in the group
problem-bad-code = enter the { $length }-digit code
host-problem-scheme = type the name without http:// or https://
host-problem-port = type the port in its own field
host-problem-too-long = longer than 253 characters
host-problem-empty-label = an empty part between dots
host-problem-label-too-long = the part "{ $label }" is longer than 63 characters
host-problem-label-hyphen = the part "{ $label }" starts or ends with '-'

## What Finish will write (the summary's dry run)

plan-display-name = Display name
plan-group = Administration group
plan-group-value = { $name } (id { $id })
plan-secondary-certificate = Secondary's certificate (SHA-256)
plan-net-address = Address the primary connects to (DMZ)
plan-net-address-none = none: the secondary connects to the primary
plan-use-master = This Administration Server is secondary
plan-primary-address = Primary Administration Server address
plan-primary-ssl-port = Primary Administration Server SSL port
plan-primary-certificate = Primary's certificate (SHA-256)
plan-passive = Primary connects to this server (DMZ)
plan-use-proxy = Use proxy server
plan-proxy = Proxy server
plan-proxy-user = Proxy user
plan-proxy-password = Proxy password
plan-proxy-password-empty = (empty)
plan-proxy-password-set = (set, written protected)
plan-yes = yes
plan-no = no

## Certificates: refusals and warnings

cert-choose-klserver = choose the certificate file klserver.cer
cert-error-io = cannot read { $path }: { $error }
cert-error-empty = the file is empty; { cert-choose-klserver }
cert-error-too-large = the file is larger than { $kib } KiB, far too large for a certificate; { cert-choose-klserver }
cert-error-private-key = this is a private key, never share it; { cert-choose-klserver }
cert-error-pkcs12 = this is a PKCS#12 (.pfx/.p12) bundle, which contains a private key, never share it; { cert-choose-klserver }
cert-error-csr = this is a certificate request (CSR), not a certificate; { cert-choose-klserver }
cert-error-no-certificate-in-pem = the PEM file holds "{ $label }" but no certificate; { cert-choose-klserver }
cert-error-bad-pem = the PEM file is damaged ({ $detail }); { cert-choose-klserver }
cert-error-malformed = the certificate is damaged or not X.509 ({ $detail })
cert-error-text = this is a text file without a certificate (no "-----BEGIN CERTIFICATE-----" block); { cert-choose-klserver }
cert-error-not-a-certificate = this file is not a certificate (neither DER nor PEM); { cert-choose-klserver }
cert-error-generate = cannot generate a certificate: { $error }
cert-warning-expired = the certificate expired on { $date }
cert-warning-not-yet-valid = the certificate is not valid yet: it becomes valid on { $date } (check the clocks)
cert-warning-expires-today = the certificate expires in less than a day
cert-warning-expires-soon = the certificate expires in { $days ->
    [one] { $days } day
   *[other] { $days } days
}
cert-warning-weak-key = the RSA key has only { $bits } bits; KSC requires at least { $min }

## Command line

cli-cert-warning = WARNING: { $warning }
cli-cert-serial = Serial
cli-cert-names = Names
cli-cert-compare = Compare the SHA-256 fingerprint with the one shown on the server before trusting it.
cli-cert-saved = Saved to { $path }
cli-cert-unreadable = { $host }:{ $port } presented an unreadable certificate: { $error }
cli-cannot-write = cannot write { $path }: { $error }
cli-no-log-file = { $error }; continuing without a log file
cli-window-failed = the window could not be opened: { $error }
cli-no-desktop = the window needs a desktop session (X11 or Wayland) and there is none here; without one, use the command line: `ksc-link sim` runs the simulated servers, `ksc-link cert show FILE` reads a certificate, `ksc-link --help` lists the rest
cli-runtime-failed = cannot start the async runtime: { $error }
sim-cli-primary = Primary Administration Server (future primary)
sim-cli-secondary = Secondary Administration Server (future secondary)
sim-cli-ssl-port = SSL port
sim-cli-user = User
sim-cli-password = Password
sim-cli-certificate = Certificate
sim-cli-pair-until-ctrl-c = Simulated servers run on 127.0.0.1 until you press Ctrl+C. State: { $state }
sim-cli-start-failed = cannot start the simulated servers
sim-cli-autotask = Simulated Autotask tenant
sim-cli-discovery-url = Discovery URL
sim-cli-zone-url = Zone URL
sim-cli-api-user = API user
sim-cli-secret = Secret
sim-cli-integration-code = Integration code
sim-cli-companies = Companies
sim-cli-until-ctrl-c = Runs on 127.0.0.1 until you press Ctrl+C.
sim-cli-autotask-failed = cannot start the simulated Autotask tenant

## Connection and Open API errors

net-step-dns = name resolution
net-step-tcp = TCP connection
net-step-proxy = proxy connection
net-step-tls = TLS handshake
net-step-http = HTTP request
net-step-api = API call
net-failed = { $step } to { $host }:{ $port } failed: { $detail }
ksc-certificate-changed = TLS handshake with { $at }: the server's certificate changed (expected SHA-256 { $expected }, presented { $presented })
ksc-timeout-connecting = connecting (TCP and TLS handshake) to { $at } timed out after { $seconds } s ({ $method })
ksc-timeout-resolving = resolving the name of { $at } timed out after { $seconds } s ({ $method })
ksc-timeout-proxy = connecting through the proxy to { $at } timed out after { $seconds } s ({ $method })
ksc-timeout-answer = waiting for the answer of { $at } timed out after { $seconds } s ({ $method })
ksc-wrong-credentials = { $at } refused the user name or password of { $user } (Session.StartSession)
ksc-code-required = { $at } waits for a { $length }-digit two-step verification code before { $method }
ksc-two-factor-not-configured = { $at } requires two-step verification for { $user }, which is not set up for this account yet; set it up in the KSC Web Console first (Session.StartSession)
ksc-session-expired-code-required = the session at { $at } expired during { $method }; logging in again needs a { $length }-digit two-step verification code
ksc-session-ended = the session at { $at } has ended ({ $method }); log in again
ksc-not-logged-in = not logged in to { $at } ({ $method }); log in first
ksc-no-code-requested = { $at } did not ask for a two-step verification code (Session.StartSession)
ksc-access-denied = { $at } denied access to { $method } (HTTP 403)
ksc-api-failed = { $method } on { $at } failed: { $error }
ksc-decode-failed = { $method } on { $at } returned an unexpected answer: { $error }
ksc-gateway-secondary-not-found = no secondary Administration Server with id { $id } is registered at step { $step } of the way { $path } from { $at } (CgwHelper.GetSlaveServerLocation)
ksc-gateway-unreachable = { $at } cannot open a gateway connection to the secondary Administration Server on the way { $path }: { $detail }. A secondary server is reachable only while it is connected to its primary (status Active)
ksc-gateway-key-refused = { $at } refused the one-time key of the gateway connection: it was used already or is older than 60 seconds (Session.StartSession)
ksc-http-status = { $method } on { $at } answered HTTP { $status }: { $body }
ksc-setup-failed = setting up the connection to { $at } failed: { $detail }
ksc-empty-body = (empty body)

tls-pin-bad-character = a SHA-256 fingerprint contains only hex digits and ':' separators; found { $found }
tls-pin-bad-length = a SHA-256 fingerprint has 64 hex digits; this one has { $count }
tls-pin-mismatch = the server presented certificate SHA-256 { $presented }, expected { $expected }
tls-client-refused = the client certificate SHA-256 { $presented } is not allowed to connect
tls-bad-identity = the TLS identity cannot be used: { $error }
tls-empty-chain = the TLS identity has no certificate
tls-config-failed = TLS configuration failed: { $error }

## Keyring and settings errors

secrets-locked = the keyring is locked: unlock it in your desktop's password manager
secrets-denied = access to the keyring was denied: accept the password manager's prompt, or allow ksc-link to use it
secrets-unsupported = no keyring support on this platform: passwords cannot be saved
secrets-bad-data = the keyring item { $key } does not hold valid text (it was changed outside ksc-link): delete it and save the value again
secrets-other = keyring error: { $detail }
secrets-timeout = the keyring did not answer within { $seconds } s: a password manager prompt may be waiting (perhaps behind another window); answer it, then try again
secrets-unavailable-windows = the Windows Credential Manager is unavailable ({ $detail })
secrets-unavailable = no keyring service is available ({ $detail }): install and start gnome-keyring, or KeePassXC with its Secret Service integration enabled, then try again
settings-no-config-dir = no configuration directory is known for this user: set { $variable } to a writable folder
settings-not-a-file = the settings path { $path } does not name a file
settings-io = could not save settings to { $path }: { $step } failed: { $error }
settings-step-create-dir = creating the directory
settings-step-write-temp = writing a temporary copy in the same folder
settings-step-replace = replacing the file
settings-encode = could not encode the settings as TOML: { $error }
settings-invalid-pin = { $pin } is not a SHA-256 fingerprint (64 hex digits)

## Hierarchy operations

ops-name-taken = a secondary server named { $name } already exists in the group { $group }; choose another display name
ops-name-free = the name { $name } is free in { $group }
ops-link-timeout = the secondary did not connect within { $seconds } s (last status: { $status }); check that port { $port } of the { $target } accepts connections{ $proxy_hint }
ops-target-primary = primary
ops-target-secondary-dmz = secondary (DMZ: the primary connects to it)
ops-proxy-hint = , and that the proxy { $proxy } lets the secondary through
ops-registration-gone = the primary no longer lists the secondary (id { $id }); it was deleted meanwhile
ops-failed-while = Failed while { $stage }: { $error }
ops-then-rolled-back = . Rolled back: { $steps }
ops-then-kept = . What was written is kept (registration id { $id }); retry, or roll back
ops-then-kept-nothing = . Nothing was registered; retry
ops-then-rollback-failed = . Rollback failed: { $steps }
ops-restored-section = restored the secondary's previous hierarchy settings
ops-restore-failed = could not restore the secondary's settings: { $error }
ops-deleted-registration = deleted the registration (id { $id }) on the primary
ops-registration-already-gone = the registration (id { $id }) was already gone
ops-delete-failed = could not delete the registration (id { $id }): { $error }
ops-registered-as = registered as id { $id } in { $group }
ops-already-registered = the primary already has this secondary's certificate registered as { $name } (id { $id }) in { $group }; a certificate can be registered only once: delete that registration on the primary, use its name and group, or replace it (a rollback registers it again)
ops-kept-other-certificate = the registration kept earlier (id { $id }) is of another certificate than the one chosen now; delete it on the primary, or choose that certificate again
ops-secondary-points-at = the secondary now points at { $primary }
ops-secondary-points-at-not-read-back = the secondary accepted the settings pointing at { $primary }, but reading them back failed ({ $error }); the link shows whether they took
ops-registered-otherwise = the primary already has this secondary registered as { $name } (id { $id }) in this group, { $registered }, while the plan registers it { $planned }; the mode and the DMZ address of a registration cannot be changed, only the registration replaced
ops-mode-dmz = in DMZ mode at { $address }
ops-mode-normal = not in DMZ mode
ops-restored-replaced = registered the replaced secondary { $name } again (id { $id })
ops-restore-replaced-failed = could not register the replaced secondary { $name } again: { $error }
ops-replaced = deleted the registration it replaces (id { $old }), then registered the secondary as id { $id } in { $group }
ops-then-unconfirmed = . The answer to the registration was lost and the primary could not be asked whether it registered the secondary; Retry looks for that registration first and uses it, so no second one is created
ops-adopted = used the registration already on the primary (id { $id }) as { $name } in { $group }
ops-registered-answer-lost = registered as id { $id } in { $group } (the answer was lost; the primary confirmed the registration when asked)
ops-unconfirmed-not-registered = the primary had not registered the secondary
ops-lookup-failed = could not ask the primary whether it registered the secondary: { $error }

## Certificate card

cert-card-subject = Subject
cert-card-issuer = Issuer
cert-card-self-signed = { $issuer } (self-signed)
cert-card-valid = Valid
cert-card-validity = from { $from } to { $to }
cert-card-key = Key
cert-card-key-bits = { $algorithm } { $bits } bits
cert-card-warning = Warning: { $warning }

## Wizard: frame, buttons and step titles

wizard-header = Add secondary Administration Server — step { $step } of { $count }
wizard-step-group = Administration group
wizard-step-server = Secondary Administration Server
wizard-step-certificate = Certificate of the secondary Administration Server
wizard-step-connection = Connection settings
wizard-step-credentials = Credentials on the secondary Administration Server
wizard-step-summary = Summary
wizard-step-finish = Creating the hierarchy
wizard-step-result = Result
wizard-cancel = Cancel
wizard-back = Back
wizard-next = Next
wizard-finish = Finish
wizard-done = Done
wizard-discard-question = Discard what you typed and close the wizard?
wizard-keep-editing = Keep editing
wizard-discard = Discard
wizard-try-again = Try again
dialog-filter-certificates = Certificates
dialog-filter-all-files = All files
dialog-unavailable = No file dialog can be opened on this desktop: it needs a file-chooser portal (such as xdg-desktop-portal-gtk) or zenity. Type or paste the file's path:
dialog-path-placeholder = Full path of the file
dialog-path-open = Open
dialog-unavailable-save = No file dialog can be opened on this desktop: it needs a file-chooser portal (such as xdg-desktop-portal-gtk) or zenity. Type or paste the path to save to:
dialog-path-save = Save
file-read-interrupted = reading the file was interrupted: { $error }
wizard-save-primary-certificate-title = Save the primary server's certificate
wizard-write-failed = could not write { $path }: { $error }
wizard-presented-certificate-unreadable = { $address } presented a certificate that cannot be read: { $error }

## Wizard: what keeps a step from being complete

wizard-issue-choose-group = Choose the group where the secondary server will appear
wizard-issue-reading-names = Reading the names already used in the group…
wizard-issue-get-certificate = Get the certificate from the secondary server or choose its file
wizard-issue-confirm-certificate = Compare the fingerprint with the one on the secondary server, then confirm
wizard-issue-proxy-user = Type the proxy user name that goes with the password
wizard-issue-secondary-address-needed = The secondary's address is needed to log in to it and configure it: type it on the "{ wizard-step-server }" step
wizard-issue-logging-in = Logging in to the secondary…
wizard-issue-two-step-not-set-up = This account must use two-step verification, but it is not set up yet
wizard-issue-wrong-code = The secondary refused the last code; type the current one
wizard-issue-check-credentials = Check the credentials to continue

## Wizard: group

wizard-group-intro = Choose the group where the secondary Administration Server will appear on this server.
wizard-group-search = Search groups
wizard-group-no-match = No group matches the search.
wizard-group-chosen = Chosen: { $name }
wizard-group-reading-names = Reading the secondary servers of the group…
wizard-group-names-failed = Could not read the secondary servers of this group: { $error }

## Wizard: server

wizard-server-dmz = Connect primary Administration Server to secondary Administration Server in DMZ
wizard-server-explain-dmz = DMZ: the primary server will connect to the secondary at this address and SSL port, so the address is required and the secondary's SSL port must accept connections from the primary.
wizard-server-explain = The secondary server will connect to the primary. Its address is optional here, but the app needs it to get the secondary's certificate and to configure the secondary.
wizard-server-name-placeholder = Berlin office
wizard-server-address-optional = Secondary Administration Server address (optional)

## Wizard: certificate

wizard-certificate-intro = The primary server trusts the secondary by this certificate. Get it from the secondary server, or choose the file klserver.cer copied from it.
wizard-certificate-fetch = Get from secondary Administration Server
wizard-certificate-browse = Browse for the certificate file
wizard-certificate-needs-address = Type the secondary's address and SSL port on the previous step to get the certificate from it.
wizard-certificate-fetching = Getting the certificate from the secondary server…
wizard-certificate-reading-file = Reading the certificate file…
wizard-certificate-fetch-failed = Could not get the certificate: { $error }. Check the address and the SSL port, or browse for the certificate file instead.
wizard-certificate-from-file = From the file { $path }
wizard-certificate-presented-by = Presented by { $address } (nothing was trusted to get it)
wizard-certificate-confirm = I compared the fingerprint with the one shown on the secondary server

## Wizard: connection

wizard-connection-explain-dmz = In DMZ mode the primary connects to the secondary; the secondary still keeps the primary's address and certificate to recognise it.
wizard-connection-explain = The secondary server connects to the primary at this address and SSL port.
wizard-connection-primary-ssl-port = Primary Administration Server SSL port
wizard-connection-use-proxy = The secondary server uses a proxy server to reach the primary
wizard-connection-proxy-user-optional = Proxy user name (optional)
wizard-connection-proxy-password = Proxy password
wizard-connection-proxy-password-note = The proxy password is written to the secondary encrypted for it, and kept in the system keyring for the next secondary; this app never writes it to its settings file.
wizard-connection-proxy-password-filled = The proxy password was filled in from the system keyring.
wizard-connection-proxy-password-unreadable = The saved proxy password could not be read from the system keyring: { $error }

## Wizard: credentials

wizard-credentials-intro = A user with rights on the future secondary server. The app logs in to check them, and later to configure the secondary.
wizard-credentials-user-placeholder = Administrator
wizard-credentials-password = Password
wizard-credentials-domain-account = Domain or OS account (not an internal KSC user)
wizard-credentials-domain = Domain
wizard-credentials-code-asked = The secondary asks for the { $length }-digit security code from the authenticator app.
wizard-credentials-submit-code = Submit code
wizard-credentials-check = Check credentials
wizard-credentials-verified = Logged in to the secondary: the credentials work.
wizard-credentials-two-step-title = Two-step verification is required for this account but not set up yet
wizard-credentials-two-step-advice = Either set it up for this account (log in once to the secondary's Web Console), or build the hierarchy from the secondary instead: save this primary's certificate, give it to the secondary's administrator, and on the secondary choose "{ plan-use-master } in the hierarchy" with this server's address and the certificate file.
wizard-credentials-save-primary-certificate = Save the primary's certificate…
wizard-credentials-saved-as = Saved as { $path }
wizard-credentials-certificate-changed = The secondary's Open API port presents another certificate (SHA-256 { $fingerprint }) than the one confirmed on the certificate step. Nothing was sent. Check that the address belongs to the secondary, or choose its certificate file on the certificate step.
wizard-credentials-unreachable = { $error }. Check the secondary's address and API port, or specify the secondary's certificate manually (browse for its file on the certificate step).
wizard-credentials-register-only = Register on this server only
wizard-credentials-register-only-hint = The secondary's administrator then finishes on the secondary with this server's certificate or a join file; nothing is written on the secondary from here.
wizard-credentials-register-only-compare = Registered on this server only, the certificate is checked by nothing else: compare its SHA-256 fingerprint { $fingerprint } with the one the secondary's administrator reads out from that server before you register it.

## Wizard: summary

wizard-summary-intro = Nothing has been written yet. Finish writes exactly this, then waits for the secondary to connect.
wizard-summary-on-primary = On the primary (registration of the secondary)
wizard-summary-on-secondary = On the secondary (its primary server settings)
wizard-report-copy = Copy report
wizard-report-save = Save report…
wizard-report-copied = The report is on the clipboard.
wizard-report-saved = Report saved as { $path }
wizard-report-text-filter = Text
wizard-preflight-again = Check again
wizard-preflight-running = Checking from this computer…
wizard-preflight-hint = Checks what this computer can observe before Finish: who connects to whom and that port's certificate, the primary's address as the secondary uses it, the secondary's certificate now, loops, server roles, versions and platforms, the primary's limit on secondaries, the display name and two-step verification.
wizard-preflight-blocks = Finish stays disabled until the errors above are resolved (or the settings changed).
wizard-summary-save-plan = Save as plan file…
wizard-summary-save-plan-hint = The same plan, without passwords, to run from a script: ksc-link add-secondary --plan FILE
wizard-summary-plan-saved = Plan saved as { $path }.
wizard-summary-change = Change
wizard-summary-attention = Some settings need attention:
wizard-summary-register-only-intro = Register only: nothing has been written yet, and nothing will be written on the secondary. Finish registers the secondary on this server; its administrator finishes on the secondary.
wizard-summary-secondary-admin = What the secondary's administrator must do on the secondary
wizard-register-step-open = Open the Administration Server's properties (or this app's "{ home-this-server-is-secondary }" page) and tick "{ plan-use-master } in the hierarchy".
wizard-register-step-address = Enter this server's address { $address } and SSL port { $port }.
wizard-register-step-certificate = Choose this server's certificate klserver.cer (SHA-256 { $fingerprint }), or import a join file exported from this server.
wizard-register-step-dmz = Tick "{ wizard-server-dmz }".
wizard-register-step-save = Save. The secondary then connects to this server and shows as Active here.
wizard-register-step-save-dmz = Save. This server then connects to the secondary, which shows as Active here.

## Wizard: finish

stage-check = checking both servers
stage-register = registering the secondary on the primary
stage-configure-secondary = configuring the secondary
stage-wait-for-link = waiting for the secondary to connect
wizard-finish-stage-done = Done: { $stage }: { $detail }
wizard-finish-stage-running = { $stage }…{ $waited }
wizard-finish-stage-pending = Pending: { $stage }
wizard-finish-waiting = { " " }({ $seconds } s, status { $status })
wizard-finish-incomplete = The settings are incomplete or the secondary is not logged in; go back and check them.
wizard-finish-rolled-back = Rolled back: { $steps }.
wizard-finish-rollback-failed = The rollback failed: { $steps }.
wizard-finish-not-created = The hierarchy was not created
wizard-finish-written-registration = the registration of the secondary on the primary (id { $id })
wizard-finish-written-unconfirmed = perhaps the registration of the secondary on the primary (its answer was lost)
wizard-finish-written-section = the primary server settings on the secondary
wizard-finish-written-so-far = Written so far: { $what }.
wizard-finish-written-so-far-both = Written so far: { $first } and { $second }.
wizard-finish-section-unconfirmed = The secondary did not confirm the primary server settings: a write it refused leaves its settings as they were, and Roll back restores them anyway in case the write landed.
wizard-finish-choices = Retry to finish the hierarchy, roll back to remove what was written, or keep it as it is.
wizard-finish-kept = Everything you typed is kept: retry, or change the settings.
wizard-finish-retry = Retry
wizard-finish-replace = Replace registration { $id }
wizard-finish-roll-back = Roll back
wizard-finish-keep = Keep what was written
wizard-finish-change-settings = Change settings
wizard-finish-working = Working… the window stays usable; nothing needs to be done meanwhile.

## Wizard: result

status-active = Active
status-inactive = Inactive
status-unknown = Unknown
wizard-result-register-only = Registered on this server only. The status stays Inactive until the secondary's administrator has finished on the secondary; press Refresh to check. Hand them this server's certificate, or a join file with its address and certificate:
wizard-result-save-certificate = Save this server's certificate…
wizard-result-export-join-file = { home-export-join-file }
wizard-result-reading = Reading the secondary back from the primary…
wizard-result-read-failed = Could not read the secondary back: { $error }
wizard-result-not-listed = The primary does not list the secondary in the group { $group }.
wizard-result-active = The secondary Administration Server "{ $name }" is Active in the group { $group }.
wizard-result-inactive = The secondary Administration Server "{ $name }" is listed in the group { $group }, not Active yet.
wizard-result-status = Status
wizard-result-version = Version
wizard-result-version-unknown = unknown
wizard-result-last-connection = Last connection
wizard-result-never = never
wizard-result-id = Id on the primary
wizard-result-refresh = Refresh

## Prerequisites

prereq-title = Autotask integration prerequisites
prereq-intro = Use a dedicated Autotask user with the API User security level, set as Not required to change password. Each client company needs its own virtual server and an active customer account in Autotask.
prereq-user-name = API user name
prereq-secret = Secret
prereq-integration-code = Integration code (API tracking identifier)
prereq-discovery-url = Discovery URL
prereq-remember = Remember the secret and integration code in the system keyring
prereq-check-all = Check all
prereq-back = Back
prereq-secret-unreadable = The remembered secret could not be read: { $error }
prereq-not-checked = not checked
prereq-checking = checking…
prereq-what-to-do = What to do: { $action }
prereq-check-ksc = Kaspersky Security Center connection
prereq-check-vservers = Virtual servers found (at least one)
prereq-check-zone = Autotask zone found for the user
prereq-check-api-user = Authenticated call succeeds (API User security level)
prereq-check-companies = Companies may be queried
prereq-check-budget = Autotask request budget used so far
prereq-check-password = Not required to change password
prereq-check-accounts = Virtual servers vs. active customer accounts
prereq-password-step = { $number }. { $step }
prereq-password-step-1 = In Autotask, select Admin › Features & Settings, expand the Resources/Users node, and then click Resources/Users.
prereq-password-step-2 = Right-click a user name in the Resource Name column and select Edit Resource.
prereq-password-step-3 = In the Resource Management window that opens, select the Security tab, and in the Security Level drop-down list select API User.
prereq-password-step-4 = Click the Save & Close button.
prereq-password-step-5 = Select Admin › Features & Settings, expand the Resources/Users node, and then click Security Levels.
prereq-password-step-6 = In the Security Levels window that opens, click the Pencil icon next to the API User value in the Name column.
prereq-password-step-7 = In the Security Level window that opens, expand the Other node and select the Not required to change password (password does not expire) check box.
prereq-password-step-8 = Click Save & Close.
prereq-confirmed = confirmed by the administrator
prereq-ksc-answers = the Administration Server answers
prereq-ksc-todo = Check the Administration Server connection and sign in again.
prereq-no-vservers = the Administration Server has no virtual servers
prereq-no-vservers-todo = Create a virtual server for each client company that has an account in Autotask, then check again.
prereq-vservers-found = { $count ->
    [one] { $count } virtual server
   *[other] { $count } virtual servers
}
prereq-counts = { $vservers ->
    [one] { $vservers } virtual server
   *[other] { $vservers } virtual servers
} vs. { $accounts ->
    [one] { $accounts } active customer account
   *[other] { $accounts } active customer accounts
}
prereq-accounts-todo = Each virtual server is mapped to exactly one account: create an active Customer account in Autotask for each client company, or remove virtual servers that do not belong to a client.
prereq-mapping-todo = Check the mapping.
prereq-signed-in = { $user } signed in (API { $version })
prereq-budget = { $used } of { $limit } requests in the current { $minutes }-minute timeframe ({ $percent } %)
prereq-budget-todo = The budget is shared by every integration of the tenant: wait for the timeframe to end before mapping, or pause other integrations.

## Autotask errors

autotask-error-setup = the Autotask client cannot be set up: { $detail }
autotask-error-credential-empty = { $field ->
    [secret] the Autotask secret is empty: enter it again
    [code] the Autotask integration code is empty: enter it again
   *[user] the Autotask user name is empty: enter it again
}
autotask-error-credential-unsendable = { $field ->
    [secret] the Autotask secret is not sendable (it contains line breaks or control characters): enter it again
    [code] the Autotask integration code is not sendable (it contains line breaks or control characters): enter it again
   *[user] the Autotask user name is not sendable (it contains line breaks or control characters): enter it again
}
autotask-error-unknown-user = Autotask does not know the user "{ $user }" (its zone could not be determined): check the API user's user name (the generated "key", e.g. abc123@example.com)
autotask-error-discovery = the Autotask zone lookup at { $url } failed: { $detail }
autotask-error-authentication = Autotask refused the user "{ $user }": the secret is wrong, or the user's security level is not "API User" (REST accepts only API users), or its password expired; some tenants also answer a wrong integration code this way. Check the secret first and do not retry repeatedly: the account may lock
autotask-error-integration-code = Autotask refused the integration code (API tracking identifier): copy the "Custom (Internal Integration)" identifier from the API user's page in Autotask again
autotask-error-permission = { $action ->
    [read] the Autotask API user may not read { $entity }: give its security level access to { $entity } (Admin › Resources/Users › Security Levels)
   *[query] the Autotask API user may not query { $entity }: give its security level access to { $entity } (Admin › Resources/Users › Security Levels)
}
autotask-error-rate-limited = the Autotask request budget of this tenant is used up (it is shared by every integration): wait { $seconds } s before trying again
autotask-error-not-found = { $entity } { $id } does not exist in Autotask
autotask-error-invalid-query = the Autotask query is not valid: { $detail }
autotask-error-api = Autotask answered HTTP { $status } to { $request }: { $details }
autotask-error-no-details = no details
autotask-error-bad-response = Autotask's answer to { $request } cannot be read: { $detail }
autotask-error-paging = Autotask's paging for { $request } cannot be followed: { $detail }
autotask-error-certificate = the Autotask server at { $host } presented certificate SHA-256 { $presented }, not the trusted { $expected }
autotask-error-timeout = Autotask did not answer { $request } within { $seconds } s
autotask-error-query-deadline = Autotask did not deliver all { $entity } within { $seconds } s ({ $pages } pages read): the tenant is slow or its request budget is nearly used up
autotask-todo-setup = Check the discovery URL and the proxy settings, then check again.
autotask-todo-credential = { $field ->
    [secret] Enter the Autotask secret again (copy it from the API user's page).
    [code] Enter the Autotask integration code again (copy it from the API user's page).
   *[user] Enter the Autotask user name again (copy it from the API user's page).
}
autotask-todo-unknown-user = Check the API user's user name: it is the generated key (e.g. abc123@example.com) shown on the API user's page in Autotask.
autotask-todo-network = Check the discovery URL, this computer's Internet access and the proxy settings, then check again.
autotask-todo-authentication = Check the secret first. Make sure the user's security level is API User (the only level the REST API accepts) and that its password has not expired; then check the integration code. Do not retry repeatedly: the account may lock.
autotask-todo-integration-code = Copy the "Custom (Internal Integration)" API tracking identifier from the API user's page in Autotask again.
autotask-todo-permission = Give the API user's security level access to { $entity } (Admin › Resources/Users › Security Levels).
autotask-todo-rate-limited = The tenant's hourly request budget (shared by every integration) is used up: wait { $seconds } s, then check again.
autotask-todo-certificate = The Autotask server's certificate is not the trusted one: verify the discovery URL and the certificate before trusting it.
autotask-todo-later = Check again later; if it persists, report the message to Autotask support.

## Mapping

count-workspaces = { $count ->
    [one] { $count } workspace
   *[other] { $count } workspaces
}
mapping-title = Map virtual servers to Autotask accounts
mapping-title-workspaces = Map workspaces to Autotask accounts
mapping-loading = Loading the virtual servers and every Autotask company…
mapping-load-failed = The mapping cannot be shown: { $error }
mapping-no-credentials = The Autotask secret and integration code of { $user } are not remembered: open the prerequisites page, enter them, tick "Remember" and check again.
mapping-count-mapped = { $count } mapped
mapping-count-unmapped = { $count } unmapped
mapping-count-accounts = { $count ->
    [one] { $count } active customer account
   *[other] { $count } active customer accounts
}
mapping-too-few-accounts = There are more virtual servers ({ $vservers }) than active customer accounts ({ $accounts }): each virtual server needs an account of its own. Create the missing Customer accounts in Autotask.
mapping-filter-all = All
mapping-filter-suggested = Suggested
mapping-filter-unmapped = Unmapped
mapping-filter-mapped = Mapped
mapping-confirm-all = Confirm all suggestions
mapping-row-mapped = Mapped to { $company }
mapping-row-suggested = Suggested: { $company } ({ $score } %, { $reason })
mapping-row-unmapped = Unmapped
mapping-confirm = Confirm
mapping-choose = Choose account…
mapping-unmap = Unmap
mapping-unknown-company = company #{ $id } (not in Autotask)
mapping-picker-title = Autotask account for { $vserver }
mapping-search = Search by name
mapping-show-all = Show all companies, not only active customers
mapping-picker-none = No account matches.
mapping-picker-more = Only the first { $shown } matches are shown: type more of the name.
mapping-taken-by = { $company } — taken by { $vserver }
mapping-refused-taken = { $company } is already mapped to { $vserver }: each account belongs to one virtual server. Unmap it there first.
mapping-close-picker = Close
mapping-save = Save
mapping-saved = The mapping is saved.
mapping-save-failed = The mapping is not saved: { $error }. It stays as you edited it; press Save to try again.
mapping-export = Export CSV…
mapping-exported = The mapping was exported to { $path }.
mapping-import = Import CSV…
mapping-import-help = Importing a CSV file replaces the mapping of the virtual servers shown here with the file's (columns vserver_uid and company_id). A file with any problem is not applied at all, and every problem is listed with its row, so nothing is half imported.
mapping-file-not-text = { $path } is not UTF-8 text (invalid byte at offset { $offset }): save it as UTF-8 CSV and import it again.
mapping-imported = { $count ->
    [one] Imported: { $count } virtual server is mapped now ({ $path }).
   *[other] Imported: { $count } virtual servers are mapped now ({ $path }).
}
mapping-import-failed = { $count ->
    [one] Nothing was imported: { $count } row has a problem. Correct the file and import it again.
   *[other] Nothing was imported: { $count } rows have problems. Correct the file and import it again.
}
mapping-unmapped-warning = { $count ->
    [one] { $count } virtual server is left unmapped: the integration will not see its devices. Save anyway?
   *[other] { $count } virtual servers are left unmapped: the integration will not see their devices. Save anyway?
}
mapping-save-anyway = Save anyway
mapping-keep-editing = Keep editing
mapping-unsaved = The mapping has unsaved changes. Leave without saving them?
mapping-leave = Leave without saving
mapping-back = Back
mapping-reason-same = same name
mapping-reason-normalised = same name apart from punctuation and legal form
mapping-reason-transliterated = same name in another alphabet
mapping-reason-spacing = same name apart from spacing
mapping-reason-similar = similar name
mapping-error-company-taken = Autotask company { $company } is already mapped to virtual server "{ $vserver }"
mapping-problem-unknown-company = virtual server "{ $vserver }" is mapped to Autotask company { $company }, which does not exist
mapping-problem-company-twice = Autotask company { $company } is mapped to several virtual servers: { $vservers }
mapping-problem-vserver-gone = virtual server "{ $vserver }" (mapped to company { $company }) no longer exists
mapping-problem-too-few-accounts = { $vservers ->
    [one] there is { $vservers } virtual server
   *[other] there are { $vservers } virtual servers
} but only { $accounts ->
    [one] { $accounts } active customer account
   *[other] { $accounts } active customer accounts
}: one-to-one mapping needs an account per virtual server
csv-unclosed-quote = line { $line }: a quoted field is not closed
csv-malformed = line { $line }: the text cannot be read as CSV ({ $detail })
csv-not-a-file = { $path } is not a regular file (a folder, a device or a pipe): choose the CSV file itself
csv-too-large = { $path } is larger than { $limit } MB: that is no export of accounts or workspaces; choose the CSV file itself
csv-row-error = row { $row }: { $problem }
csv-missing-column = the header has no "{ $column }" column
csv-no-vserver = no virtual server UID
csv-unknown-vserver = unknown virtual server "{ $uid }"
csv-duplicate-vserver = virtual server "{ $uid }" is already listed on row { $first_row }
csv-bad-company-id = company id "{ $id }" is not a number
csv-unknown-company = unknown Autotask company { $id }
csv-company-used = Autotask company { $company } is already mapped on row { $first_row }

## KES Cloud

kes-source = Source
kes-source-ksc = Kaspersky Security Center
kes-source-cloud = Kaspersky Endpoint Security Cloud
kes-email = Account e-mail
kes-password = Password
kes-workspaces = Workspaces, one per line
kes-import = Import workspaces from CSV…
kes-not-verifiable = Kaspersky Endpoint Security Cloud has no public API for listing workspaces: type them or import the CSV exported from the cloud console. The e-mail and password are stored in the system keyring, but this app cannot verify them online.
kes-check-credentials = KES Cloud credentials present
kes-check-workspaces = Workspaces listed (at least one)
kes-credentials-ok = { $email }: stored in the system keyring (not verifiable online)
kes-credentials-todo = Enter the e-mail and password of the Kaspersky Endpoint Security Cloud account.
kes-password-missing = no password entered
kes-password-unreadable = The remembered KES Cloud password could not be read: { $error }
kes-workspaces-todo = Type the workspaces, one per line, or import the CSV exported from the cloud console.
kes-imported = { $count ->
    [one] { $count } workspace imported from { $path }.
   *[other] { $count } workspaces imported from { $path }.
}
kes-error-unreadable = the workspace file is not CSV: { $detail }
kes-error-no-name-column = line { $line }: no column named { $expected } in the header
kes-error-duplicate = line { $line }: workspace "{ $name }" is already listed on line { $first_line }
kes-error-empty = no workspaces listed
kes-error-email-empty = enter the e-mail address of the KES Cloud account
kes-error-email-malformed = "{ $email }" is not an e-mail address (expected name@domain.tld)

## Plan files (hierarchy::plan_file)
plan-secret-source = not a password source: write "keyring", "env:NAME" or "stdin" (a password itself never goes in the file)
plan-missing-key = missing
plan-not-a-plan = not a ksc-link plan file (format must be "{ $expected }")
plan-version = version { $found } is not one this ksc-link reads (it reads { $supported }); update ksc-link, or save the plan again from the wizard
plan-group-empty = the group is empty: write its path from the root, such as "Managed devices/Servers"
plan-address-dmz = required in DMZ mode: the primary connects to this address
plan-address-login = required: ksc-link logs in to the secondary at this address (or set register_only = true)
plan-certificate-choice = write "fetch" or the path of the secondary's klserver.cer
plan-incomplete = the plan is incomplete
plan-override-not-a-table = this key names a value, not a table
plan-unreadable = cannot read the plan file { $path }: { $error }
plan-too-large = it is larger than 1 MB, too large for a plan file
plan-not-text = it is not UTF-8 text (invalid byte at offset { $offset })
plan-file-header = ksc-link plan: add a secondary Administration Server (format 1). Run it with: ksc-link add-secondary --plan FILE [--dry-run]
plan-file-secrets = No secret is in this file: each password says where it comes from ("keyring", "env:NAME" or "stdin").
run-plan-wrong-code = { $server } refused the two-step verification code
run-plan-two-step-not-set-up = { $server }: the account { $user } must use two-step verification but has not set it up; set it up in the Web Console, or register on the primary only (register_only = true)
run-plan-no-group = no group { $name } in { $parent }; there are: { $there }
run-plan-no-subgroups = no subgroups
run-plan-no-groups = the primary returned no administration groups
run-plan-certificate-mismatch = the certificate from { $from } has SHA-256 { $found }, not { $expected } as the plan says; nothing was written. Compare it with the secondary's administrator again
run-plan-whose-password = the password of { $user } on { $server }
script-stdin-empty = standard input gave no line for { $what }
script-env-missing = the environment variable { $name } is not set ({ $what })
script-keyring-missing = the OS keyring holds no password for { $what }; store it with: { $command }
script-code-prompt = Two-step verification code for { $server }
script-code-needed = { $server } asks for a two-step verification code: pass --totp-code, or run on a terminal
script-stage-started = … { $stage }
script-stage-done = ✓ { $stage }: { $detail }
script-waiting = … still waiting for the secondary to connect ({ $seconds } s)
script-dry-run = Dry run: nothing was written. This is what would be written where:
script-done = Done: { $name } (id { $id }) is on the primary, { $status }.
script-user-required = --user must name a user
script-target-required = name a server (--server) or a proxy (--proxy)
script-secret-stored = Stored in the OS keyring: { $what }.
script-csv-empty = { $path } has no header line naming plan keys
script-batch-stdin = "stdin" cannot serve a batch (one standard input, many offices): use "keyring" or "env:NAME"
script-batch-checked = checked, nothing written
script-batch-done = done: id { $id }, { $status }
script-batch-failed = FAILED:
cli-not-pinned = no certificate is pinned for { $server }: run ksc-link connect first, or pass --pin-sha256
cli-connect-mismatch = the server presents SHA-256 { $presented }, not { $expected }; nothing was sent
cli-connect-changed = WARNING: the certificate pinned for this server was { $pinned }; it now presents { $presented }. That happens when its certificate was renewed, but also when someone intercepts the connection.
cli-connect-confirm-needed = confirm the fingerprint above: pass --pin-sha256 with the value its administrator gives, or run on a terminal
cli-connect-confirm = Does this SHA-256 fingerprint match the one the server's administrator gave? Type yes to trust it:
cli-connect-not-trusted = not trusted; nothing was sent
cli-connect-done = Signed in to { $server } as { $user } (Kaspersky Security Center { $version }); its certificate is pinned.
cli-status-none = This server has no secondary servers.
cli-status-group = Group
cli-status-status = Status
cli-status-version = Version
cli-status-last-connected = Last connected
cli-status-never = never
cli-detached = This server is no longer secondary ({ $count } settings changed).
cli-join-primary = Primary (address:SSL port)
cli-join-fingerprint = Primary's certificate (SHA-256)
cli-join-proxy = Proxy
cli-join-no-proxy = none
cli-join-exported = Join file written to { $path } (primary's certificate SHA-256 { $fingerprint }). Give the secondaries' administrators that fingerprint by another way than the file.
cli-join-mismatch = the join file's certificate has SHA-256 { $found }, not { $expected } as confirmed; nothing was written
cli-join-imported = This server is now secondary of { $primary }.
run-plan-secondary-user = the plan names no user on the secondary ([secondary] user)
run-plan-primary-certificate-unreachable = the primary's certificate could not be fetched from { $at } as the secondary dials it ({ $error }); give its klserver.cer with --primary-certificate FILE
cli-autotask-keyring-missing = the OS keyring holds no secret or integration code for the Autotask user { $user }: remember them once on the prerequisites page, or pass --autotask-secret-env and --integration-code-env
cli-autotask-by-hand = confirm by hand in Autotask (Admin > Resources (Users) > Security Levels)
cli-mapping-imported = Imported { $path }: { $count } virtual servers are mapped now; the mapping is saved.
cli-mapping-accepted = The suggestions are mapped; { $count } virtual servers are mapped now and the mapping is saved.
script-whose-totp = the two-step verification secret of { $user } on { $server }
secrets-totp-not-base32 = not a two-step verification secret: it must be the base32 text shown when two-step verification was set up
secrets-totp-length = the server asks for a { $digits }-digit code, which no authenticator makes

## Certificate lifecycle (cert::lifecycle)
cert-life-reserve-due = The certificate trusted for this server expires on { $date } (in { $days ->
    [one] { $days } day
   *[other] { $days } days
}). KSC makes a reserve certificate 90 days before its certificate expires and swaps it in one day before expiry ({ $swap }): from then on this app shows the new certificate and asks you to confirm it by its fingerprint. A custom certificate is not reissued: if this server has one, replace it by hand before it expires.
cert-life-expires-soon = The certificate trusted for this server expires soon: on { $date }, { $days ->
    [0] in less than a day
    [one] in { $days } day
   *[other] in { $days } days
}. KSC swaps in its reserve certificate one day before expiry ({ $swap }); expect to confirm the new certificate by its fingerprint. A custom certificate is not reissued: if this server has one, replace it by hand now.
cert-life-custom-due = The certificate trusted for this server expires on { $date } ({ $days ->
    [0] in less than a day
    [one] in { $days } day
   *[other] in { $days } days
}). It was issued by { $issuer }, not by the server itself: KSC does not reissue a custom certificate. Replace it by hand (klsetsrvcert) before then; you will be asked to confirm the new one by its fingerprint.
cert-life-expired = The certificate trusted for this server expired on { $date }. KSC swaps in its reserve certificate one day before expiry, so the server most likely presents a new certificate now: you will be asked to confirm it by its fingerprint. A custom certificate is not reissued and must be replaced by hand.
cert-life-custom-expired = The certificate trusted for this server expired on { $date }. It was issued by { $issuer }, not by the server itself: KSC does not reissue a custom certificate. Replace it by hand (klsetsrvcert).
cert-life-legacy = It was issued on { $date }, before 1 September 2020, when KSC's certificates were valid for five years; the ones KSC makes now are valid for 397 days.
cert-life-trusted = Trusted until now
cert-life-presented = Presented now
cert-life-validity-unknown = not known (only the fingerprint was kept)
cert-life-change-rollover = The certificate trusted for this server { $expired ->
    [yes] expired
   *[no] expires
} on { $expiry }. Ninety days before its certificate expires, KSC makes a reserve certificate and swaps it in one day before expiry; the new certificate was issued after { $reserve } for the same names, so this change is most likely that renewal. Still compare its SHA-256 fingerprint with the server's klserver.cer before trusting it. Nothing was sent to the server.
cert-life-change-replaced = This is not KSC's own renewal of its certificate: the server was reinstalled or given another certificate (klsetsrvcert), or someone is intercepting the connection. Compare the new SHA-256 fingerprint with the server's klserver.cer before trusting it; if they differ, do not connect. Nothing was sent to the server.
cert-life-change-why = Why this is not KSC's reserve certificate swapped in:
cert-life-change-old-unknown = Only the fingerprint of the trusted certificate was kept, not its dates, so whether this is KSC's own renewal cannot be told: the server may have swapped in its reserve certificate near expiry, been reinstalled or given another certificate (klsetsrvcert), or someone is intercepting the connection. Compare the new SHA-256 fingerprint with the server's klserver.cer before trusting it. Nothing was sent to the server.
cert-life-why-old-not-due = the trusted certificate is valid until { $date }, more than 90 days ahead: KSC had not made its reserve certificate yet
cert-life-why-old-custom = the trusted certificate was issued by { $issuer }, not by the server itself: KSC does not reissue a custom certificate
cert-life-why-new-early = the new certificate was issued on { $issued }, before KSC would have made the reserve ({ $reserve })
cert-life-why-other-names = the new certificate is for { $new }; the trusted one is for { $old }
cert-life-why-new-custom = the new certificate is not one KSC makes: issued by { $issuer }, valid for { $days } days
cert-life-why-new-not-valid = the new certificate is not valid now: it is valid from { $from } to { $to }
sim-cli-reserve-swapped = { $server }: the reserve certificate is swapped in (SHA-256 { $fingerprint }, valid until { $until }); both its ports present it now.

## Pre-flight check (hierarchy::preflight)
preflight-dial = Who dials whom
preflight-dmz-ok = DMZ mode: the primary connects to the secondary at { $at }, which presents the chosen certificate
preflight-dmz-other = DMZ mode: { $at } presents another certificate (SHA-256 { $found }) than the secondary's chosen one; the primary would refuse it
preflight-dmz-other-todo = Check the secondary's address and SSL port, or choose the certificate it presents now.
preflight-dmz-unreachable = DMZ mode: the primary must connect to the secondary at { $at }, which does not answer from this machine ({ $error })
preflight-dmz-unreachable-todo = Make sure the primary can reach { $at } (firewall, NAT); this machine may simply not be allowed to.
preflight-dmz-no-address = DMZ mode needs the secondary's address: the primary connects to it
preflight-dmz-no-address-todo = Enter the secondary's address as the primary reaches it.
preflight-normal-ok = the secondary connects to the primary at { $at }, which answers here with the primary's certificate
preflight-normal-other = the secondary would connect to { $at }, which presents another certificate (SHA-256 { $found }) than the primary's: that address and port belong to another server
preflight-normal-other-todo = Enter the primary's address and SSL port as the secondary reaches them.
preflight-normal-unreachable = the secondary connects to the primary at { $at }, which does not answer from this machine ({ $error }); whether the secondary reaches it cannot be seen from here
preflight-normal-unreachable-todo = Make sure port { $at } is open from the secondary to the primary.
preflight-address = The primary's address as the secondary uses it
preflight-address-unresolved = { $address } does not resolve on this machine
preflight-address-unresolved-todo = The secondary may resolve it otherwise; prefer a name or address both resolve alike.
preflight-address-local = { $address } is this machine's loopback or a link-local address, while the secondary is another host: it would connect to itself
preflight-address-local-maybe = { $address } is this machine's loopback or a link-local address: unless the secondary runs on this same machine, it would connect to itself
preflight-address-local-todo = Enter the primary's address as the secondary reaches it over the network.
preflight-address-ok = { $address } resolves to a network address
preflight-certificate = The secondary's certificate now
preflight-certificate-ok = { $at } presents the chosen certificate
preflight-certificate-other = { $at } presents SHA-256 { $found }, not the chosen { $chosen }: the server was reinstalled or its certificate changed
preflight-certificate-other-todo = Get the certificate again from the secondary, or choose its new klserver.cer.
preflight-certificate-unreachable = { $at } does not answer from this machine ({ $error })
preflight-certificate-no-address = no address of the secondary to look at
preflight-cycle = No loop
preflight-cycle-itself = the secondary's certificate is the primary's own: the secondary is the primary itself
preflight-cycle-itself-todo = Choose the secondary server, not this one.
preflight-cycle-loop = the secondary is this primary's own primary: the hierarchy would become a loop
preflight-cycle-loop-todo = A server cannot be secondary of its own secondary; detach one of them first.
preflight-cycle-ok = the secondary is neither the primary nor the primary's own primary
preflight-existing = Existing primary
preflight-existing-other = the secondary is secondary of { $address } now; it will be moved to this primary
preflight-existing-other-todo = Make sure moving it is intended; remove it on its old primary afterwards.
preflight-side-primary = the primary
preflight-side-secondary = the secondary
preflight-roles = Server roles
preflight-roles-virtual = { $side } is a virtual Administration Server: a virtual server cannot have secondaries, and is a secondary of its own server already
preflight-roles-virtual-todo = Connect to the physical Administration Server.
preflight-roles-ok = neither server is a virtual Administration Server, and each may take its role
preflight-roles-cloud-secondary = the secondary is the Administration Server of Cloud Console, which can only be a primary
preflight-roles-cloud-secondary-todo = Make the Cloud Console server the primary, or choose an on-premises Administration Server as the secondary.
preflight-roles-linux-primary = the primary runs { $version }: Kaspersky Security Center for Linux before 14.2 can only be a secondary
preflight-roles-linux-primary-todo = Upgrade the primary to Kaspersky Security Center for Linux 14.2 or later, or use a Windows Administration Server as the primary.
preflight-server = KSC { $version } { $platform ->
    [linux] for Linux
    [windows] for Windows
    [cloud] (Cloud Console)
   *[unstated] (platform not stated)
}
preflight-versions = Versions and platforms
preflight-versions-both = primary: { $primary }; secondary: { $secondary }
preflight-versions-install = { $both }. From version 15.4 on, a primary installs applications on a secondary only when the secondary is 15.4 or later
preflight-versions-install-todo = Upgrade the secondary to 15.4 or later if applications are to be installed on it from the primary.
preflight-versions-unknown-todo = The secondary's version is read when it is logged in to (credentials step).
preflight-cycle-child = the primary is one of the secondary's own secondaries: the hierarchy would become a loop
preflight-cycle-ok-above = the secondary is neither the primary nor the primary's own primary ({ $address }); servers further up cannot be seen from here
preflight-limit = Secondary servers allowed on the primary
preflight-limit-ok = the primary reports secondary servers as enabled (LP_SlaveServer)
preflight-limit-off = the primary reports secondary servers as not enabled (Limits.GetLimits, LP_SlaveServer = 0): registering one may be refused
preflight-limit-off-todo = Check the primary's licence and edition before Finish.
preflight-limit-unknown = the primary did not say whether secondary servers are enabled (Limits.GetLimits)
preflight-name = Display name
preflight-name-taken = another secondary in "{ $group }" is already named "{ $name }"
preflight-name-taken-todo = Choose another display name, or another group.
preflight-name-free = "{ $name }" is free in "{ $group }"
preflight-two-step = Two-step verification on the secondary
preflight-two-step-none = { $user } logs in without a code
preflight-two-step-code = { $user } logs in with a code from an authenticator that is set up
preflight-two-step-not-set-up = { $user } must use two-step verification but has not set up an authenticator: the secondary's half cannot be written with this account
preflight-two-step-not-set-up-todo = Set it up in the secondary's Web Console, use another account, or choose "{ wizard-credentials-register-only }".
preflight-two-step-not-logged-in = the secondary is not logged in to (registration on this server only): its account is not checked
preflight-version-unknown = version unknown
preflight-size = Number of secondary servers
preflight-size-reason = the primary has { $now } secondary servers; the documentation states at most { $max }
preflight-size-todo = Add another primary level rather than more secondaries here.
preflight-title = Pre-flight check
preflight-stopped = The pre-flight check found errors; nothing was written:
## Keeping the hierarchy (hierarchy::maintain)
maintain-label-name = Display name
maintain-label-group = Administration group
maintain-from-to = { $from } → { $to }
maintain-restored-name = wrote the previous name and group back ({ $name })
maintain-renamed = renamed "{ $from }" to "{ $to }"
maintain-moved = moved "{ $name }" to "{ $group }"
maintain-label-delete = Delete the registration
maintain-label-register = Register again
maintain-rekey-delete = registration { $id } (certificate SHA-256 { $fingerprint })
maintain-rekey-register = "{ $name }" in the same group with the same DMZ address, with the certificate it presents now (SHA-256 { $fingerprint })
maintain-restore-failed = registering "{ $name }" again as it was failed: { $error }
maintain-label-secondary-side = On the secondary
maintain-remove-secondary-side = stop being secondary (KLSRV_MASTER_SRV_USE = false)
maintain-remove-delete = the registration of "{ $name }" (id { $id }) on this primary
maintain-restored-secondary-side = wrote the secondary's previous settings back
cli-secondary-plan = Will write:
cli-secondary-fetch-port = { $at }: give the SSL port too, as HOST:PORT (13000 by default on the server)
cli-secondary-rekey-source = say where the new certificate comes from: --certificate FILE or --fetch HOST:PORT
cli-secondary-confirm = compare the new certificate's SHA-256 { $fingerprint } with the one the secondary's administrator reads out, then pass it as --confirm-sha256
cli-secondary-rekeyed = registered again as id { $new } (was { $old }) with the certificate SHA-256 { $fingerprint }
cli-secondary-removed = removed the registration of "{ $name }" (id { $id })
cli-secondary-side-cleared = the secondary no longer names this primary (KLSRV_MASTER_SRV_USE = false)
cli-secondary-side-other = the secondary names another primary ({ $address }); its settings were left as they are
cli-secondary-note-written = the note for the secondary's administrator is in { $path }
manage-title = { $name }
manage-open-secondary = Its "This server is secondary" page
manage-through = { $name }, through { $primary }
manage-close = Close
manage-rename = Rename…
manage-groups-loading = Reading the groups…
manage-pick-group = Move to group
manage-move = Move…
manage-rekey-hint = After a reinstall or klsetsrvcert the secondary presents a new certificate and stays Inactive: get the certificate it presents now (from its address and SSL port, or through this primary while it is still connected), compare the fingerprint with its administrator, and register it again under the same name and group.
manage-address-placeholder = Address and SSL port of the secondary, HOST:PORT (empty: through this primary)
manage-fetch = Get the certificate it presents now
manage-fetched = It presents SHA-256 { $fingerprint }, valid until { $until }
manage-compared = I compared this fingerprint with the one its administrator read out on the secondary
manage-rekey = Re-key…
manage-remove = Remove on both sides…
manage-busy = Working…
manage-apply = Apply
manage-cancel = Cancel
manage-copy-note = Copy the note
manage-nothing-to-do = Nothing to change: it is so already.
manage-no-row = no secondary chosen
maintain-admin-note = The Administration Server "{ $name }" was removed from the hierarchy of the primary { $primary }, but its own settings could not be changed from there ({ $why }).
    On "{ $name }": open the Administration Server's properties (or the "This server is secondary" page of ksc-link), clear "This Administration Server is secondary in the hierarchy" and save. Until then it keeps trying to connect to { $primary }.

## Secondary servers page (hierarchy::health)
home-servers = Secondary servers
servers-title = Secondary servers
servers-loading = Reading the secondary servers…
servers-load-failed = The secondary servers could not be read: { $error }
servers-as-of = Primary version { $version } · as of { $time }
servers-as-of-no-version = Primary version unknown · as of { $time }
servers-count = { $count ->
    [one] { $count } secondary server
   *[other] { $count } secondary servers
}
servers-count-active = { $count } active
servers-count-inactive = { $count } inactive
servers-count-attention = { $count ->
    [one] { $count } needs attention
   *[other] { $count } need attention
}
servers-checking = Checking certificates and looking for the secondaries' own secondaries…
servers-showing = Showing { $shown } of { $total }
servers-none = This server has no secondary servers.
servers-none-match = No secondary server matches the filter.
servers-filter = Filter by name, address, group or version
servers-attention-only = Needs attention only
servers-refresh = Refresh
servers-export = Export CSV…
servers-exported = { $count ->
    [one] { $count } secondary server was exported to { $path }.
   *[other] { $count } secondary servers were exported to { $path }.
}
servers-export-failed = The export could not be written: { $error }
servers-back = Back to home
servers-col-name = Name
servers-col-group = Group
servers-col-status = Status
servers-col-inactive = Inactive for
servers-col-version = Version
servers-col-mode = Mode
servers-col-address = Address
servers-col-expiry = Certificate expires
servers-col-presented = Presented now
servers-mode-dmz = DMZ
servers-mode-standard = Standard
servers-expiry-left = { $date } ({ $days ->
    [one] { $days } day
   *[other] { $days } days
})
servers-expiry-expired = { $date } (expired)
servers-expiry-none = none
servers-expiry-unreadable = unreadable
servers-presented-pending = Checking…
servers-presented-matches = Matches
servers-presented-differs = Changed
servers-presented-could-not = Could not check
servers-presented-differs-detail = { $via }: presents the certificate with MD5 { $md5 }
servers-via-address = seen at { $address }
servers-via-gateway = read through the primary (gateway session)
servers-nested-unlisted = { $count ->
    [one] The own secondaries of { $count } active server could not be listed; the export says why.
   *[other] The own secondaries of { $count } active servers could not be listed; the export says why.
}
servers-attention = Needs attention: { $reasons }
servers-inactive-never = never connected
servers-inactive-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
servers-inactive-hours = { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
servers-inactive-minutes = less than an hour
servers-reason-inactive-for = inactive for { $since }
servers-reason-inactive-never = inactive, never connected
servers-reason-inactive = not reported active
servers-reason-certificate-changed = presents another certificate than the registered one
servers-reason-certificate-expiring = { $days ->
    [one] the registered certificate expires in { $days } day
   *[other] the registered certificate expires in { $days } days
}
servers-reason-certificate-expired = { $days ->
    [one] the registered certificate expired { $days } day ago
   *[other] the registered certificate expired { $days } days ago
}
servers-reason-certificate-unreadable = the registered certificate cannot be read
servers-reason-version-drift = { $drift ->
    [older-minor] older minor version than its primary
    [older-major] older major version than its primary
   *[newer] newer version than its primary
}
servers-check-inactive-no-address = inactive, and no address to reach it from here
servers-check-gateway-failed = no session through the primary: { $error }
servers-check-gateway-certificate-failed = its certificate could not be read through the primary: { $error }
servers-check-gateway-timeout = the session through the primary took longer than { $seconds } s
servers-check-nothing-registered = the primary holds no certificate to compare with
servers-check-probe-timeout = { $address } showed no certificate within { $seconds } s
servers-nested-too-deep = not looked for deeper than { $depth } levels
servers-nested-failed = { $error }
servers-address-invalid = "{ $address }" is not an address with a valid port
