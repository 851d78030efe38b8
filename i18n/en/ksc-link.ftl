# ksc-link: English messages (the fallback language).
# Terms follow Kaspersky Security Center's own English interface.

-product = ksc-link
-ksc = Kaspersky Security Center

app-title = { -product }
app-demo-banner = Demo — simulated servers

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
connect-first-connection = First connection to this server: check its certificate
connect-compare-fingerprint = Compare the SHA-256 fingerprint with the one shown on the server (KSC Web Console, server properties) before trusting it.
connect-trust = Trust this certificate and connect
connect-do-not-trust = Do not trust
connect-certificate-changed-title = WARNING: the server's certificate has changed
connect-certificate-changed = The certificate trusted for this server has SHA-256 { $fingerprint }. The server now presents another one, shown below. This happens when the server's certificate was renewed, but also when someone intercepts the connection. Nothing was sent to the server.
connect-trust-new = Trust the new certificate
connect-fetching = Getting the server's certificate…
connect-logging-in = Logging in…
connect-connect = Connect
connect-servers = Servers
connect-servers-empty = Servers you connect to are listed here.
connect-preset-ports = { $address }, API port { $api }
connect-preset-ports-ssl = { $address }, API port { $api }, SSL port { $ssl }
connect-password-unreadable = The remembered password could not be read from the system keyring: { $error }
connect-fetch-failed = Could not get the server's certificate: { $error }
connect-not-trusted = The certificate was not trusted; nothing was sent to the server.
connect-two-step-not-set-up = This account must use two-step verification, but it is not set up yet. Set it up by logging in once to the KSC Web Console, then connect again.
connect-changed-certificate-unreadable = The server's certificate changed and the new one cannot be read ({ $error }). Nothing was sent to the server.

## Home

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
wizard-file-read-interrupted = reading the file was interrupted: { $error }
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
wizard-issue-wrong-code = The secondary refused this code; type the current one
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

## Wizard: summary

wizard-summary-intro = Nothing has been written yet. Finish writes exactly this, then waits for the secondary to connect.
wizard-summary-on-primary = On the primary (registration of the secondary)
wizard-summary-on-secondary = On the secondary (its primary server settings)
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
wizard-finish-written-section = the primary server settings on the secondary
wizard-finish-written-so-far = Written so far: { $what }.
wizard-finish-written-so-far-both = Written so far: { $first } and { $second }.
wizard-finish-section-unconfirmed = The secondary did not confirm the primary server settings: a write it refused leaves its settings as they were, and Roll back restores them anyway in case the write landed.
wizard-finish-choices = Retry to finish the hierarchy, roll back to remove what was written, or keep it as it is.
wizard-finish-kept = Everything you typed is kept: retry, or change the settings.
wizard-finish-retry = Retry
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
