# ksc-link: deutsche Meldungen.
# Begriffe folgen der deutschen Oberfläche von Kaspersky Security Center.

-product = ksc-link
-ksc = Kaspersky Security Center

app-title = { -product }
app-demo-banner = Demo – simulierte Server
app-demo-servers-failed = Die simulierten Server konnten nicht gestartet werden: { $error }
app-demo-servers-stopped = die simulierten Server wurden beim Start beendet

count-virtual-servers = { $count ->
    [one] { $count } virtueller Server
   *[other] { $count } virtuelle Server
}


## App: window title, banner, notices

app-title-wizard = { $title } – Sekundären Administrationsserver hinzufügen, Schritt { $step } von { $count }: { $name }
app-title-banner = { $title } – { $banner }
app-settings-not-read = Einstellungen nicht gelesen: { $error }
app-settings-read-interrupted = das Lesen der Einstellungen wurde unterbrochen: { $error }
app-settings-save-interrupted = das Speichern der Einstellungen wurde unterbrochen: { $error }
app-settings-unsaved = Einstellungen nicht gespeichert — { $error }. Solange die App geöffnet bleibt, geht nichts verloren: „Wiederholen“ schreibt sie, sobald die Ursache behoben ist (freier Speicherplatz, Schreibrechte).
app-settings-unsaved-closing = Einstellungen nicht gespeichert — { $error }. Schließen Sie das Fenster erneut, um ohne sie zu beenden, oder klicken Sie auf „Wiederholen“.
app-settings-retry = Wiederholen
app-close-wizard-busy = Das Fenster bleibt geöffnet: Der Assistent schreibt auf die Server, oder eine halb aufgebaute Hierarchie wartet darauf, dass Sie sie zurücksetzen oder behalten. Schließen Sie es danach.
app-close-secondary-saving = Das Fenster bleibt geöffnet, solange die Einstellungen auf diesen Server geschrieben werden. Schließen Sie es, wenn das Speichern abgeschlossen ist.

## Language picker

language-label = Sprache
language-system = Systemstandard


## Connect

connect-title = Mit einem Administrationsserver verbinden
connect-address = Adresse des Administrationsservers
connect-port = Open-API-Port
connect-remember-password = Kennwort speichern (Schlüsselbund des Systems)
connect-code-asked = Der Server verlangt den { $length }-stelligen Sicherheitscode aus Ihrer Authenticator-App.
connect-code-refused = Der letzte Code wurde abgelehnt; geben Sie den aktuellen ein.
clock-server-ahead = Die Uhr von { $server } geht gegenüber diesem Computer um { $difference } vor; Codes aus der Authenticator-App werden womöglich abgelehnt. Kaspersky verlangt, dass der Administrationsserver und das Gerät mit der Authenticator-App über externe Zeitquellen mit UTC synchronisiert werden: Synchronisieren Sie beide.
clock-server-behind = Die Uhr von { $server } geht gegenüber diesem Computer um { $difference } nach; Codes aus der Authenticator-App werden womöglich abgelehnt. Kaspersky verlangt, dass der Administrationsserver und das Gerät mit der Authenticator-App über externe Zeitquellen mit UTC synchronisiert werden: Synchronisieren Sie beide.
clock-hours = { $n } Std.
clock-minutes = { $n } Min.
clock-seconds = { $n } Sek.
two-step-code-changes-in = Der aktuelle Code wechselt in { $seconds } Sek.
two-step-login-ended = { $server } hat diese Anmeldung nach abgelehnten Codes beendet. Alle anderen Eingaben bleiben erhalten: Starten Sie die Anmeldung erneut, um nach einem neuen Code gefragt zu werden.
connect-first-connection = Erste Verbindung mit diesem Server: Prüfen Sie sein Zertifikat
connect-compare-fingerprint = Vergleichen Sie den SHA-256-Fingerabdruck mit dem auf dem Server angezeigten (KSC Web Console, Servereigenschaften), bevor Sie ihm vertrauen.
connect-trust = Diesem Zertifikat vertrauen und verbinden
connect-do-not-trust = Nicht vertrauen
connect-certificate-changed-title = WARNUNG: Das Zertifikat des Servers hat sich geändert
connect-trust-new = Dem neuen Zertifikat vertrauen
connect-fetching = Das Zertifikat des Servers wird abgerufen…
connect-logging-in = Anmeldung…
connect-connect = Verbinden
connect-servers = Server
connect-servers-empty = Server, mit denen Sie sich verbinden, werden hier aufgeführt.
connect-servers-starting = Die simulierten Server werden gestartet …
connect-preset-ports = { $address }, API-Port { $api }
connect-preset-ports-ssl = { $address }, API-Port { $api }, SSL-Port { $ssl }
connect-password-unreadable = Das gespeicherte Kennwort konnte nicht aus dem Schlüsselbund des Systems gelesen werden: { $error }
connect-fetch-failed = Das Zertifikat des Servers konnte nicht abgerufen werden: { $error }
connect-not-trusted = Dem Zertifikat wurde nicht vertraut; an den Server wurde nichts gesendet.
connect-two-step-not-set-up = Dieses Konto muss die zweistufige Überprüfung verwenden, sie ist aber noch nicht eingerichtet. Richten Sie sie ein, indem Sie sich einmal an der KSC Web Console anmelden, und verbinden Sie sich dann erneut.
connect-changed-certificate-unreadable = Das Zertifikat des Servers hat sich geändert, und das neue kann nicht gelesen werden ({ $error }). An den Server wurde nichts gesendet.

## Home

# The root administration group, as the KSC consoles name it.
group-root-name = Verwaltete Geräte
home-connected = Verbunden mit { $address } als { $user }
home-certificate = Zertifikat SHA-256 { $fingerprint }
home-add-secondary-intro = Fügen Sie diesem Server einen sekundären Administrationsserver hinzu: Er erscheint in der gewählten Administrationsgruppe und erhält die Richtlinien und Aufgaben dieses Servers.
home-add-secondary = Sekundären Administrationsserver hinzufügen
home-disconnect = Trennen
home-secondary-side-intro = Wenn der primäre Server den sekundären nicht erreicht: Machen Sie diesen Server von seiner eigenen Seite aus sekundär, oder exportieren Sie eine Beitrittsdatei für den Administrator eines sekundären Servers.
home-this-server-is-secondary = Dieser Server ist sekundär
home-export-join-file = Beitrittsdatei exportieren
home-autotask-intro = Vor der Integration mit Autotask PSA: Prüfen Sie den Autotask-API-Benutzer und ob jeder virtuelle Server ein eigenes Autotask-Konto erhalten kann.
home-autotask-prerequisites = Voraussetzungen für die Autotask-Integration
home-reading-groups = Die Administrationsgruppen werden gelesen…
home-groups-failed = Die Gruppen des Servers konnten nicht gelesen werden: { $error }


## Export join file

export-intro = Für eine Niederlassung, deren Administrationsserver dieser Server nicht erreicht: Die Beitrittsdatei enthält Adresse, SSL-Port und Zertifikat dieses Servers (kein Kennwort). Ihr Administrator importiert sie unter „Dieser Server ist sekundär“.
export-address = Adresse, mit der sich der sekundäre Server verbindet
export-use-proxy = Der sekundäre Server erreicht diesen Server über einen Proxyserver
export-this-certificate = Zertifikat dieses Servers
export-local-same = Dieser Computer ist ein KSC-Server: Sein Zertifikat ist { $path } (dasselbe Zertifikat).
export-local-different = Dieser Computer ist ein KSC-Server: Sein Zertifikat ist { $path }, ein anderes Zertifikat: Dieser Computer ist nicht der Server, mit dem Sie verbunden sind.
export-saved = { $path } gespeichert. Nennen Sie dem Administrator der Niederlassung diesen Fingerabdruck telefonisch: { $fingerprint }
export-save-certificate = klserver.cer speichern…
export-save-join-file = Beitrittsdatei speichern…
export-save-join-file-title = Beitrittsdatei speichern
export-save-certificate-title = Zertifikat des Servers speichern
export-filter-join-files = Beitrittsdateien
export-reading-certificate = Das Zertifikat des Servers wird gelesen…
export-writing-join-file = Die Beitrittsdatei wird geschrieben…
export-writing-certificate = Das Zertifikat wird geschrieben…
export-write-interrupted = das Schreiben wurde unterbrochen: { $error }
export-certificate-read-failed = Das Zertifikat des Servers konnte nicht gelesen werden: { $error }
export-certificate-unreadable = Das Zertifikat des Servers kann nicht ausgewertet werden: { $error }

## This server is secondary

secondary-intro = Hierarchie der Administrationsserver auf { $server }. Verwenden Sie diese Seite, wenn der primäre Server keine Verbindung zu diesem Server herstellen kann: Mit dem Zertifikat des primären Servers (klserver.cer) verbindet sich dieser Server selbst mit dem primären.
secondary-is-secondary = Dieser Administrationsserver ist in der Hierarchie sekundär
secondary-dmz = Primären Administrationsserver mit dem sekundären Administrationsserver in der DMZ verbinden
secondary-use-proxy = Proxyserver verwenden
secondary-primary-address = Adresse des primären Administrationsservers
secondary-primary-ssl-port = SSL-Port des primären Administrationsservers
secondary-proxy-address = Adresse des Proxyservers
secondary-proxy-port = Port des Proxyservers
secondary-proxy-user = Benutzername für den Proxyserver (optional)
secondary-proxy-password = Kennwort für den Proxyserver
secondary-proxy-password-note = Das Proxy-Kennwort wird für diesen Server verschlüsselt dorthin geschrieben und im Schlüsselbund Ihres Systems aufbewahrt, nie in der Einstellungsdatei der App.
secondary-problem-proxy-password = geben Sie das Proxy-Kennwort ein: Der Server speichert es verschlüsselt und kann es nicht anzeigen
secondary-problem-certificate = wählen Sie das Zertifikat des primären Administrationsservers (klserver.cer)
secondary-problem-certificate-unconfirmed = vergleichen Sie den Fingerabdruck des Zertifikats mit dem Administrator des primären Servers und aktivieren Sie dann „{ secondary-fingerprint-confirm }“
secondary-stored-certificate-unreadable = Das auf diesem Server gespeicherte Zertifikat des primären Servers kann nicht gelesen werden ({ $error }); wählen Sie die klserver.cer des primären Servers erneut.
secondary-now-not-secondary = Jetzt: Dieser Server ist kein sekundärer Server.
secondary-now-secondary = Jetzt: sekundärer Server von { $address } (SSL-Port { $ports })
secondary-now-no-address = (keine Adresse)
secondary-now-no-port = keiner
secondary-now-certificate = Zertifikat des primären Servers: SHA-256 { $fingerprint }, gültig bis { $date }
secondary-now-certificate-unreadable = Zertifikat des primären Servers: nicht lesbar
secondary-now-certificate-none = Zertifikat des primären Servers: keines
secondary-now-dmz = DMZ: Der primäre Server verbindet sich mit diesem Server
secondary-now-no-dmz = DMZ: nein, dieser Server verbindet sich mit dem primären
secondary-now-proxy = Proxyserver: { $location }
secondary-now-proxy-user = Proxyserver: { $location }, Benutzer { $user }
secondary-now-no-proxy = Proxyserver: keiner
secondary-certificate-title = Zertifikat des primären Administrationsservers
secondary-scanning = Wechseldatenträger werden durchsucht…
secondary-no-drive = Kein Wechseldatenträger ist eingebunden. Schließen Sie das USB-Laufwerk mit der klserver.cer des primären Servers an, oder wählen Sie die Datei aus.
secondary-no-certificate-on-drives = { $count ->
    [one] Keine Zertifikatsdatei auf dem Wechseldatenträger { $drives }.
   *[other] Keine Zertifikatsdatei auf den Wechseldatenträgern { $drives }.
}
secondary-candidates = Auf Wechseldatenträgern gefundene Zertifikatsdateien:
secondary-candidate-details = SHA-256 { $fingerprint } · gültig bis { $date }
secondary-not-listed = Nicht aufgeführt: { $path }: { $reason }
secondary-browse = Durchsuchen…
secondary-look-again = Erneut suchen
secondary-import-join-file = Beitrittsdatei importieren…
secondary-join-file-title = Auf dem primären Administrationsserver exportierte Beitrittsdatei
secondary-source-server = Auf diesem Server gespeichert
secondary-source-file = Aus der Datei { $path }
secondary-source-drive = Vom Wechseldatenträger: { $path }
secondary-source-join-file = Aus der Beitrittsdatei { $path }
secondary-compare-fingerprint = Vergleichen Sie diesen SHA-256-Fingerabdruck vor dem Speichern mit dem, den Ihnen der Administrator des primären Servers nennt (telefonisch, nicht vom selben Datenträger oder aus derselben E-Mail wie die Datei):
secondary-fingerprint-confirm = Ich habe diesen Fingerabdruck mit dem vom Administrator des primären Servers genannten verglichen
secondary-file-unusable = { $path } kann nicht verwendet werden: { $error }
secondary-reading = Die Hierarchie-Einstellungen werden gelesen…
secondary-reading-join-file = Die Beitrittsdatei wird gelesen…
secondary-saving = Die Hierarchie-Einstellungen werden gespeichert und zurückgelesen…
secondary-detaching = Dieser Server wird von seinem primären Server getrennt…
secondary-host-name-failed = Der Hostname des Servers konnte nicht gelesen werden: { $error }
secondary-read-failed = Die Hierarchie-Einstellungen konnten nicht gelesen werden: { $error }
secondary-not-saved = Nicht gespeichert: { $error }
secondary-proxy-password-not-kept = Das Proxy-Kennwort wurde auf dem Server gespeichert, aber nicht im Schlüsselbund ({ $error }); Sie müssen es beim nächsten Mal erneut eingeben.
secondary-unsaved = Ungespeicherte Änderungen
secondary-save = Speichern
secondary-leave-question = Diese Seite verlassen? Ihre Änderungen wurden nicht gespeichert.
secondary-discard-changes = Änderungen verwerfen
secondary-detach-question = Diesen Server von seinem primären Server trennen? Er erhält dann keine Richtlinien und Aufgaben des primären Servers mehr.
secondary-detach = Trennen
# After a save: when it was saved and how many settings the server reports changed.
secondary-saved = Gespeichert am { $time }. Vom Server zurückgelesen: { $count ->
    [0] nichts geändert
    [one] { $count } Einstellung geändert
   *[other] { $count } Einstellungen geändert
}.
# After a save the server confirmed but could not be read back from; $error says why.
secondary-saved-not-read-back = Gespeichert am { $time }: Der Server hat die Einstellungen übernommen, aber das Zurücklesen ist fehlgeschlagen ({ $error }). Unten steht, was geschrieben wurde; öffnen Sie diese Seite später erneut, um zu sehen, was der Server meldet.
# One changed setting, e.g. "Primary Administration Server address: (empty) → ksc-hq".
secondary-change = { $setting }: { $before } → { $after }
secondary-change-empty = (leer)
# A setting the server returned otherwise than it was written, e.g. "Primary Administration Server SSL port" (KLSRV_MASTER_SRV_PORTS) read back as [14000], not [13000].
secondary-read-back-differs = die Einstellung „{ $setting }“ ({ $name }) wurde als { $found } zurückgelesen, nicht als { $expected } wie geschrieben
secondary-value-set = (gesetzt)
secondary-detached = Dieser Server ist nicht mehr sekundär. Auf dem primären Server wird er als inaktiv angezeigt, bis dessen Administrator ihn unter Administrationsserver löscht.
secondary-primary-admin-sees = Auf dem primären Server sieht dessen Administrator diesen Server unter Administrationsserver, in der Administrationsgruppe, in der er mit der klserver.cer dieses Servers registriert wurde; sein Status wird Aktiv, sobald sich dieser Server verbunden hat (hat der Administrator des primären Servers ihn noch nicht registriert, senden Sie ihm die klserver.cer dieses Servers).
secondary-check-skipped = Die App hat den primären Server nicht selbst geprüft: Sie kennt keine Anmeldung für { $primary }, die dem hier gespeicherten Zertifikat vertraut (verbinden Sie sich einmal mit „Kennwort speichern“ mit dem primären Server, damit er beim nächsten Mal geprüft wird).
secondary-check-failed = Die App konnte den primären Server { $primary } nicht selbst prüfen: { $error }.
secondary-check-running = Der primäre Server { $primary } wird gefragt, ob er diesen Server sieht… ({ $seconds } s)
secondary-own-certificate-failed = das Zertifikat dieses Servers konnte nicht gelesen werden: { $error }
secondary-primary-sign-in-failed = die Anmeldung am primären Server ist fehlgeschlagen: { $error }
# The settings read back from KLSRV_MASTER_SRV, as the save report names them.
secondary-setting-use-master = Sekundär in der Hierarchie
secondary-setting-primary-address = Adresse des primären Administrationsservers
secondary-setting-primary-ports = SSL-Port des primären Administrationsservers
secondary-setting-primary-certificate = Zertifikat des primären Servers (SHA-256)
secondary-setting-dmz = Primärer Server verbindet sich mit diesem Server (DMZ)
secondary-setting-use-proxy = Proxyserver verwenden
secondary-setting-proxy = Proxyserver
secondary-setting-proxy-user = Proxy-Benutzer
secondary-setting-proxy-password = Proxy-Kennwort

## What the primary sees of this server

onprimary-not-registered = Dieser Server ist auf dem primären Server { $primary } nicht registriert.
onprimary-register-hint = Der Administrator des primären Servers muss ihn registrieren: unter Administrationsserver einen sekundären Server zu einer Administrationsgruppe hinzufügen, mit der klserver.cer dieses Servers.
onprimary-sees-as = Der primäre Server { $primary } sieht diesen Server als „{ $name }“.
onprimary-status = Status: { $status }
onprimary-group = Gruppe: { $group }
onprimary-group-id = Gruppe { $id }
onprimary-last-connected = Letzte Verbindung: { $time }
onprimary-never = nie
onprimary-unknown = unbekannt
onprimary-status-other = unbekannt ({ $code })
onprimary-inactive-hint = Er wird Aktiv, sobald sich dieser Server mit dem primären verbunden hat; prüfen Sie, ob Adresse und SSL-Port des primären Servers von hier aus erreichbar sind.
onprimary-no-password = für { $user } auf { $address } ist kein Kennwort im Schlüsselbund gespeichert
onprimary-no-password-error = für { $user } auf { $address } ist kein Kennwort im Schlüsselbund gespeichert ({ $error })
onprimary-needs-code = { $address } fragt nach einem Code der Zwei-Schritt-Verifizierung

## Join file errors

joinfile-cannot-read = { $path } kann nicht gelesen werden: { $error }
joinfile-cannot-write = { $path } kann nicht geschrieben werden: { $error }
joinfile-too-large = die Datei ist größer als { $kib } KiB, viel zu groß für eine Beitrittsdatei; wählen Sie die Datei, die auf dem primären Server mit „{ home-export-join-file }“ exportiert wurde
joinfile-not-a-join-file = dies ist keine ksc-link-Beitrittsdatei ({ $detail }); wählen Sie die Datei, die auf dem primären Server mit „{ home-export-join-file }“ exportiert wurde
joinfile-unsupported-version = diese Beitrittsdatei hat die Formatversion { $found }, neuer als diese ksc-link-Version lesen kann (Version { $known }); aktualisieren Sie ksc-link, oder exportieren Sie die Datei mit dieser Version erneut
joinfile-truncated = die Beitrittsdatei ist unvollständig: Sie endet vor ihrem abschließenden Abschnitt [integrity] (bei der Übertragung abgeschnitten?); kopieren oder exportieren Sie sie erneut
joinfile-changed = die Beitrittsdatei ist beschädigt: Ihr Inhalt stimmt nicht mehr mit ihrer Prüfsumme überein (bei der Übertragung beschädigt oder nach dem Export bearbeitet); verwenden Sie sie nicht: Bitten Sie den Administrator des primären Servers, sie erneut zu exportieren
joinfile-tampered = die Beitrittsdatei widerspricht sich selbst: Sie nennt den Zertifikat-Fingerabdruck { $stated }, aber das enthaltene Zertifikat hat { $actual } (beschädigt oder bearbeitet); verwenden Sie sie nicht
joinfile-certificate = das Zertifikat in der Beitrittsdatei ist unbrauchbar: { $error }
joinfile-damaged = die Beitrittsdatei ist beschädigt: { $detail }
joinfile-wrong-value = die Beitrittsdatei enthält einen falschen Wert: { $error }
joinfile-detail-no-format-line = keine Zeile „format“
joinfile-detail-format = Format „{ $format }“
joinfile-detail-not-text = keine Textdatei
joinfile-detail-no-version = keine gültige Version
joinfile-detail-fingerprint = der angegebene Zertifikat-Fingerabdruck: { $error }
joinfile-detail-created = der Exportzeitpunkt „{ $value }“: { $error }

## Removable drives

removable-too-large = viel zu groß für ein Zertifikat

## Fields and validation (shared by the wizard, the settings and the command line)

field-display-name = Anzeigename des sekundären Administrationsservers
field-secondary-address = Adresse des sekundären Administrationsservers
field-primary-address = Adresse des primären Administrationsservers
field-ssl-port = SSL-Port des Administrationsservers
field-api-port = API-Port des Administrationsservers
field-proxy-address = Adresse des Proxyservers
field-proxy-port = Port des Proxyservers
field-proxy-user = Benutzername für den Proxyserver
field-user = Benutzername
field-code = Sicherheitscode
field-certificate = Zertifikat
field-group = Administrationsgruppe
field-error = { $field }: { $problem }
problem-required = dieses Feld ist erforderlich
problem-too-long = höchstens { $max ->
    [one] { $max } Zeichen
   *[other] { $max } Zeichen
}
problem-bad-character = das Zeichen { $character } ist nicht erlaubt
problem-bad-port = geben Sie eine Portnummer von 1 bis 65535 ein
problem-bad-host = kein gültiger Hostname und keine gültige IP-Adresse: { $why }
problem-required-for-dmz = im DMZ-Modus erforderlich: Der primäre Server verbindet sich mit dieser Adresse
problem-name-taken = in dieser Gruppe gibt es bereits einen sekundären Server mit diesem Namen
problem-bad-code = geben Sie den { $length }-stelligen Code ein
host-problem-scheme = geben Sie den Namen ohne http:// oder https:// ein
host-problem-port = der Port gehört in sein eigenes Feld
host-problem-too-long = länger als 253 Zeichen
host-problem-empty-label = ein leerer Teil zwischen Punkten
host-problem-label-too-long = der Teil „{ $label }“ ist länger als 63 Zeichen
host-problem-label-hyphen = der Teil „{ $label }“ beginnt oder endet mit „-“

## What Finish will write (the summary's dry run)

plan-display-name = Anzeigename
plan-group = Administrationsgruppe
plan-group-value = { $name } (ID { $id })
plan-secondary-certificate = Zertifikat des sekundären Servers (SHA-256)
plan-net-address = Adresse, mit der sich der primäre Server verbindet (DMZ)
plan-net-address-none = keine: Der sekundäre Server verbindet sich mit dem primären
plan-use-master = Dieser Administrationsserver ist in der Hierarchie sekundär
plan-primary-address = Adresse des primären Administrationsservers
plan-primary-ssl-port = SSL-Port des primären Administrationsservers
plan-primary-certificate = Zertifikat des primären Servers (SHA-256)
plan-passive = Der primäre Server verbindet sich mit diesem Server (DMZ)
plan-use-proxy = Proxyserver verwenden
plan-proxy = Proxyserver
plan-proxy-user = Proxy-Benutzer
plan-proxy-password = Proxy-Kennwort
plan-proxy-password-empty = (leer)
plan-proxy-password-set = (gesetzt, geschützt geschrieben)
plan-yes = ja
plan-no = nein

## Certificates: refusals and warnings

cert-choose-klserver = wählen Sie die Zertifikatsdatei klserver.cer
cert-error-io = { $path } kann nicht gelesen werden: { $error }
cert-error-empty = die Datei ist leer; { cert-choose-klserver }
cert-error-too-large = die Datei ist größer als { $kib } KiB, viel zu groß für ein Zertifikat; { cert-choose-klserver }
cert-error-private-key = dies ist ein privater Schlüssel, geben Sie ihn niemals weiter; { cert-choose-klserver }
cert-error-pkcs12 = dies ist ein PKCS#12-Paket (.pfx/.p12) mit einem privaten Schlüssel, geben Sie es niemals weiter; { cert-choose-klserver }
cert-error-csr = dies ist eine Zertifikatsanforderung (CSR), kein Zertifikat; { cert-choose-klserver }
cert-error-no-certificate-in-pem = die PEM-Datei enthält „{ $label }“, aber kein Zertifikat; { cert-choose-klserver }
cert-error-bad-pem = die PEM-Datei ist beschädigt ({ $detail }); { cert-choose-klserver }
cert-error-malformed = das Zertifikat ist beschädigt oder kein X.509 ({ $detail })
cert-error-text = dies ist eine Textdatei ohne Zertifikat (kein Block „-----BEGIN CERTIFICATE-----“); { cert-choose-klserver }
cert-error-not-a-certificate = diese Datei ist kein Zertifikat (weder DER noch PEM); { cert-choose-klserver }
cert-error-generate = das Zertifikat kann nicht erzeugt werden: { $error }
cert-warning-expired = das Zertifikat ist am { $date } abgelaufen
cert-warning-not-yet-valid = das Zertifikat ist noch nicht gültig: Es wird am { $date } gültig (prüfen Sie die Uhren)
cert-warning-expires-today = das Zertifikat läuft in weniger als einem Tag ab
cert-warning-expires-soon = das Zertifikat läuft in { $days ->
    [one] { $days } Tag
   *[other] { $days } Tagen
} ab
cert-warning-weak-key = der RSA-Schlüssel hat nur { $bits } Bit; KSC verlangt mindestens { $min }

## Command line

cli-cert-warning = WARNUNG: { $warning }
cli-cert-serial = Seriennummer
cli-cert-names = Namen
cli-cert-compare = Vergleichen Sie den SHA-256-Fingerabdruck mit dem auf dem Server angezeigten, bevor Sie dem Zertifikat vertrauen.
cli-cert-saved = Gespeichert unter { $path }
cli-cert-unreadable = { $host }:{ $port } hat ein unlesbares Zertifikat vorgelegt: { $error }
cli-cannot-write = { $path } kann nicht geschrieben werden: { $error }
cli-no-log-file = { $error }; es geht ohne Protokolldatei weiter
cli-window-failed = das Fenster konnte nicht geöffnet werden: { $error }
cli-no-desktop = das Fenster braucht eine Desktop-Sitzung (X11 oder Wayland), und hier gibt es keine; ohne sie hilft die Kommandozeile: `ksc-link sim` startet die simulierten Server, `ksc-link cert show DATEI` zeigt ein Zertifikat, `ksc-link --help` nennt den Rest
cli-runtime-failed = die asynchrone Laufzeitumgebung kann nicht gestartet werden: { $error }
sim-cli-primary = Primärer Administrationsserver (künftiger primärer)
sim-cli-secondary = Sekundärer Administrationsserver (künftiger sekundärer)
sim-cli-ssl-port = SSL-Port
sim-cli-user = Benutzer
sim-cli-password = Kennwort
sim-cli-certificate = Zertifikat
sim-cli-pair-until-ctrl-c = Die simulierten Server laufen auf 127.0.0.1, bis Sie Strg+C drücken. Zustand: { $state }
sim-cli-start-failed = die simulierten Server können nicht gestartet werden
sim-cli-autotask = Simulierter Autotask-Mandant
sim-cli-discovery-url = URL der Zonenermittlung
sim-cli-zone-url = Zonen-URL
sim-cli-api-user = API-Benutzer
sim-cli-secret = Geheimnis
sim-cli-integration-code = Integrationscode
sim-cli-companies = Firmen
sim-cli-until-ctrl-c = Läuft auf 127.0.0.1, bis Sie Strg+C drücken.
sim-cli-autotask-failed = der simulierte Autotask-Mandant kann nicht gestartet werden

## Connection and Open API errors

net-step-dns = Namensauflösung
net-step-tcp = TCP-Verbindung
net-step-proxy = Proxyverbindung
net-step-tls = TLS-Handshake
net-step-http = HTTP-Anfrage
net-step-api = API-Aufruf
net-failed = { $step } zu { $host }:{ $port } fehlgeschlagen: { $detail }
ksc-certificate-changed = TLS-Handshake mit { $at }: Das Zertifikat des Servers hat sich geändert (erwartet SHA-256 { $expected }, vorgelegt { $presented })
ksc-timeout-connecting = Zeitüberschreitung beim Verbinden (TCP und TLS-Handshake) mit { $at } nach { $seconds } s ({ $method })
ksc-timeout-resolving = Zeitüberschreitung bei der Namensauflösung von { $at } nach { $seconds } s ({ $method })
ksc-timeout-proxy = Zeitüberschreitung beim Verbinden mit { $at } über den Proxyserver nach { $seconds } s ({ $method })
ksc-timeout-answer = Zeitüberschreitung beim Warten auf die Antwort von { $at } nach { $seconds } s ({ $method })
ksc-wrong-credentials = { $at } hat den Benutzernamen oder das Kennwort von { $user } abgelehnt (Session.StartSession)
ksc-code-required = { $at } erwartet vor { $method } einen { $length }-stelligen Code der Zwei-Schritt-Verifizierung
ksc-two-factor-not-configured = { $at } verlangt die Zwei-Schritt-Verifizierung für { $user }, die für dieses Konto noch nicht eingerichtet ist; richten Sie sie zuerst in der Kaspersky Security Center Web Console ein (Session.StartSession)
ksc-session-expired-code-required = Die Sitzung auf { $at } ist während { $method } abgelaufen; die erneute Anmeldung braucht einen { $length }-stelligen Code der Zwei-Schritt-Verifizierung
ksc-session-ended = Die Sitzung auf { $at } wurde beendet ({ $method }); melden Sie sich erneut an
ksc-not-logged-in = Nicht bei { $at } angemeldet ({ $method }); melden Sie sich zuerst an
ksc-no-code-requested = { $at } hat keinen Code der Zwei-Schritt-Verifizierung angefordert (Session.StartSession)
ksc-access-denied = { $at } hat den Zugriff auf { $method } verweigert (HTTP 403)
ksc-api-failed = { $method } auf { $at } fehlgeschlagen: { $error }
ksc-decode-failed = { $method } auf { $at } lieferte eine unerwartete Antwort: { $error }
ksc-gateway-secondary-not-found = bei Schritt { $step } des Wegs { $path } ab { $at } ist kein sekundärer Administrationsserver mit der ID { $id } registriert (CgwHelper.GetSlaveServerLocation)
ksc-gateway-unreachable = { $at } kann keine Gateway-Verbindung zum sekundären Administrationsserver auf dem Weg { $path } herstellen: { $detail }. Ein sekundärer Server ist nur erreichbar, solange er mit seinem primären Server verbunden ist (Status Aktiv)
ksc-gateway-key-refused = { $at } hat den Einmalschlüssel der Gateway-Verbindung abgelehnt: Er wurde bereits verwendet oder ist älter als 60 Sekunden (Session.StartSession)
ksc-http-status = { $method } auf { $at } antwortete mit HTTP { $status }: { $body }
ksc-setup-failed = Die Verbindung zu { $at } konnte nicht vorbereitet werden: { $detail }
ksc-empty-body = (leere Antwort)

tls-pin-bad-character = Ein SHA-256-Fingerabdruck enthält nur Hexadezimalziffern und ':' als Trennzeichen; gefunden: { $found }
tls-pin-bad-length = Ein SHA-256-Fingerabdruck hat 64 Hexadezimalziffern; dieser hat { $count }
tls-pin-mismatch = Der Server hat das Zertifikat SHA-256 { $presented } vorgelegt, erwartet war { $expected }
tls-client-refused = Das Client-Zertifikat SHA-256 { $presented } darf sich nicht verbinden
tls-bad-identity = Die TLS-Identität kann nicht verwendet werden: { $error }
tls-empty-chain = Die TLS-Identität enthält kein Zertifikat
tls-config-failed = TLS-Konfiguration fehlgeschlagen: { $error }

## Keyring and settings errors

secrets-locked = Der Schlüsselbund ist gesperrt: Entsperren Sie ihn in der Kennwortverwaltung Ihres Desktops
secrets-denied = Der Zugriff auf den Schlüsselbund wurde verweigert: Bestätigen Sie die Abfrage der Kennwortverwaltung oder erlauben Sie ksc-link den Zugriff
secrets-unsupported = Auf dieser Plattform gibt es keinen Schlüsselbund: Kennwörter können nicht gespeichert werden
secrets-bad-data = Der Schlüsselbund-Eintrag { $key } enthält keinen gültigen Text (er wurde außerhalb von ksc-link geändert): Löschen Sie ihn und speichern Sie den Wert erneut
secrets-other = Schlüsselbund-Fehler: { $detail }
secrets-timeout = Der Schlüsselbund hat nicht innerhalb von { $seconds } s geantwortet: Möglicherweise wartet eine Abfrage der Kennwortverwaltung (vielleicht hinter einem anderen Fenster); beantworten Sie sie und versuchen Sie es erneut
secrets-unavailable-windows = Die Windows-Anmeldeinformationsverwaltung ist nicht verfügbar ({ $detail })
secrets-unavailable = Kein Schlüsselbund-Dienst verfügbar ({ $detail }): Installieren und starten Sie gnome-keyring oder KeePassXC mit aktivierter Secret-Service-Integration und versuchen Sie es erneut
settings-no-config-dir = Für diesen Benutzer ist kein Konfigurationsordner bekannt: Setzen Sie { $variable } auf einen beschreibbaren Ordner
settings-not-a-file = Der Einstellungspfad { $path } bezeichnet keine Datei
settings-io = Die Einstellungen konnten nicht unter { $path } gespeichert werden: { $step } fehlgeschlagen: { $error }
settings-step-create-dir = Anlegen des Ordners
settings-step-write-temp = Schreiben einer temporären Kopie im selben Ordner
settings-step-replace = Ersetzen der Datei
settings-encode = Die Einstellungen konnten nicht als TOML kodiert werden: { $error }
settings-invalid-pin = { $pin } ist kein SHA-256-Fingerabdruck (64 Hexadezimalziffern)

## Hierarchy operations

ops-name-taken = In der Gruppe { $group } gibt es bereits einen sekundären Server namens { $name }; wählen Sie einen anderen Anzeigenamen
ops-name-free = der Name { $name } ist in { $group } frei
ops-link-timeout = Der sekundäre Server hat sich nicht innerhalb von { $seconds } s verbunden (letzter Status: { $status }); prüfen Sie, ob Port { $port } des Servers „{ $target }“ Verbindungen annimmt{ $proxy_hint }
ops-target-primary = primär
ops-target-secondary-dmz = sekundär (DMZ: der primäre verbindet sich mit ihm)
ops-proxy-hint = , und ob der Proxyserver { $proxy } den sekundären Server durchlässt
ops-registration-gone = Der primäre Server führt den sekundären (ID { $id }) nicht mehr; er wurde inzwischen gelöscht
ops-failed-while = Fehler beim Schritt „{ $stage }“: { $error }
ops-then-rolled-back = . Zurückgesetzt: { $steps }
ops-then-kept = . Das Geschriebene bleibt erhalten (Registrierung ID { $id }); wiederholen oder zurücksetzen
ops-then-kept-nothing = . Nichts wurde registriert; wiederholen
ops-then-rollback-failed = . Zurücksetzen fehlgeschlagen: { $steps }
ops-restored-section = die vorherigen Hierarchie-Einstellungen des sekundären Servers wiederhergestellt
ops-restore-failed = die Einstellungen des sekundären Servers konnten nicht wiederhergestellt werden: { $error }
ops-deleted-registration = die Registrierung (ID { $id }) auf dem primären Server gelöscht
ops-registration-already-gone = die Registrierung (ID { $id }) war bereits entfernt
ops-delete-failed = die Registrierung (ID { $id }) konnte nicht gelöscht werden: { $error }
ops-registered-as = registriert als ID { $id } in { $group }
ops-already-registered = Auf dem primären Administrationsserver ist das Zertifikat dieses sekundären Servers bereits als { $name } (ID { $id }) in { $group } registriert; ein Zertifikat kann nur einmal registriert werden: Löschen Sie diese Registrierung auf dem primären Server, verwenden Sie ihren Namen und ihre Gruppe, oder ersetzen Sie sie (ein Rollback registriert sie erneut)
ops-kept-other-certificate = Die zuvor behaltene Registrierung (ID { $id }) gehört zu einem anderen Zertifikat als dem jetzt gewählten; löschen Sie sie auf dem primären Server oder wählen Sie wieder jenes Zertifikat
ops-secondary-points-at = der sekundäre Server zeigt jetzt auf { $primary }
ops-secondary-points-at-not-read-back = der sekundäre Server hat die Einstellungen mit { $primary } angenommen, das Zurücklesen ist aber fehlgeschlagen ({ $error }); die Verbindung zeigt, ob sie wirksam sind
ops-registered-otherwise = Auf dem primären Server ist dieser sekundäre Server bereits als { $name } (ID { $id }) in dieser Gruppe registriert, { $registered }, der Plan registriert ihn jedoch { $planned }; Modus und DMZ-Adresse einer Registrierung lassen sich nicht ändern, nur die Registrierung ersetzen
ops-mode-dmz = im DMZ-Modus unter { $address }
ops-mode-normal = nicht im DMZ-Modus
ops-restored-replaced = den ersetzten sekundären Server { $name } erneut registriert (ID { $id })
ops-restore-replaced-failed = der ersetzte sekundäre Server { $name } konnte nicht erneut registriert werden: { $error }
ops-replaced = die zu ersetzende Registrierung (ID { $old }) gelöscht, dann den sekundären Server als ID { $id } in { $group } registriert
ops-then-unconfirmed = . Die Antwort auf die Registrierung ging verloren, und der primäre Administrationsserver konnte nicht gefragt werden, ob er den sekundären Server registriert hat; „Wiederholen“ sucht zuerst nach dieser Registrierung und verwendet sie, sodass keine zweite entsteht
ops-adopted = die bereits auf dem primären Server vorhandene Registrierung (ID { $id }) wird als { $name } in { $group } verwendet
ops-registered-answer-lost = registriert als ID { $id } in { $group } (die Antwort ging verloren; der primäre Server hat die Registrierung auf Nachfrage bestätigt)
ops-unconfirmed-not-registered = der primäre Administrationsserver hatte den sekundären Server nicht registriert
ops-lookup-failed = der primäre Administrationsserver konnte nicht gefragt werden, ob er den sekundären Server registriert hat: { $error }

## Certificate card

cert-card-subject = Antragsteller
cert-card-issuer = Aussteller
cert-card-self-signed = { $issuer } (selbstsigniert)
cert-card-valid = Gültig
cert-card-validity = von { $from } bis { $to }
cert-card-key = Schlüssel
cert-card-key-bits = { $algorithm } { $bits } Bit
cert-card-warning = Warnung: { $warning }

## Wizard: frame, buttons and step titles

wizard-header = Sekundären Administrationsserver hinzufügen – Schritt { $step } von { $count }
wizard-step-group = Administrationsgruppe
wizard-step-server = Sekundärer Administrationsserver
wizard-step-certificate = Zertifikat des sekundären Administrationsservers
wizard-step-connection = Verbindungseinstellungen
wizard-step-credentials = Anmeldedaten auf dem sekundären Administrationsserver
wizard-step-summary = Zusammenfassung
wizard-step-finish = Hierarchie wird erstellt
wizard-step-result = Ergebnis
wizard-cancel = Abbrechen
wizard-back = Zurück
wizard-next = Weiter
wizard-finish = Fertig stellen
wizard-done = Schließen
wizard-discard-question = Eingaben verwerfen und den Assistenten schließen?
wizard-keep-editing = Weiter bearbeiten
wizard-discard = Verwerfen
wizard-try-again = Erneut versuchen
dialog-filter-certificates = Zertifikate
dialog-filter-all-files = Alle Dateien
dialog-unavailable = Auf diesem Desktop lässt sich kein Dateiauswahldialog öffnen: Dafür wird ein Dateiauswahl-Portal (etwa xdg-desktop-portal-gtk) oder zenity benötigt. Geben Sie den Pfad der Datei ein oder fügen Sie ihn ein:
dialog-path-placeholder = Vollständiger Pfad der Datei
dialog-path-open = Öffnen
dialog-unavailable-save = Auf diesem Desktop lässt sich kein Dateiauswahldialog öffnen: Dafür wird ein Dateiauswahl-Portal (etwa xdg-desktop-portal-gtk) oder zenity benötigt. Geben Sie den Pfad ein, unter dem gespeichert werden soll, oder fügen Sie ihn ein:
dialog-path-save = Speichern
file-read-interrupted = das Lesen der Datei wurde unterbrochen: { $error }
wizard-save-primary-certificate-title = Zertifikat des primären Servers speichern
wizard-write-failed = { $path } konnte nicht geschrieben werden: { $error }
wizard-presented-certificate-unreadable = { $address } hat ein Zertifikat vorgelegt, das nicht gelesen werden kann: { $error }

## Wizard: what keeps a step from being complete

wizard-issue-choose-group = Wählen Sie die Gruppe, in der der sekundäre Server erscheinen soll
wizard-issue-reading-names = Die in der Gruppe bereits verwendeten Namen werden gelesen…
wizard-issue-get-certificate = Rufen Sie das Zertifikat vom sekundären Server ab oder wählen Sie seine Datei
wizard-issue-confirm-certificate = Vergleichen Sie den Fingerabdruck mit dem auf dem sekundären Server und bestätigen Sie
wizard-issue-proxy-user = Geben Sie den Proxy-Benutzernamen ein, zu dem das Kennwort gehört
wizard-issue-secondary-address-needed = Die Adresse des sekundären Servers wird benötigt, um sich dort anzumelden und ihn zu konfigurieren: Geben Sie sie im Schritt „{ wizard-step-server }“ ein
wizard-issue-logging-in = Anmeldung am sekundären Server…
wizard-issue-two-step-not-set-up = Dieses Konto muss die zweistufige Überprüfung verwenden, sie ist aber noch nicht eingerichtet
wizard-issue-wrong-code = Der sekundäre Server hat den letzten Code abgelehnt; geben Sie den aktuellen ein
wizard-issue-check-credentials = Prüfen Sie die Anmeldedaten, um fortzufahren

## Wizard: group

wizard-group-intro = Wählen Sie die Administrationsgruppe, in der der sekundäre Administrationsserver auf diesem Server erscheinen soll.
wizard-group-search = Gruppen suchen
wizard-group-no-match = Keine Gruppe entspricht der Suche.
wizard-group-chosen = Ausgewählt: { $name }
wizard-group-reading-names = Die sekundären Server der Gruppe werden gelesen…
wizard-group-names-failed = Die sekundären Server dieser Gruppe konnten nicht gelesen werden: { $error }

## Wizard: server

wizard-server-dmz = Primären Administrationsserver mit sekundärem Administrationsserver in der DMZ verbinden
wizard-server-explain-dmz = DMZ: Der primäre Server verbindet sich über diese Adresse und diesen SSL-Port mit dem sekundären. Die Adresse ist daher erforderlich, und der SSL-Port des sekundären Servers muss Verbindungen vom primären annehmen.
wizard-server-explain = Der sekundäre Server verbindet sich mit dem primären. Seine Adresse ist hier optional, die App braucht sie aber, um das Zertifikat des sekundären Servers abzurufen und ihn zu konfigurieren.
wizard-server-name-placeholder = Büro Berlin
wizard-server-address-optional = Adresse des sekundären Administrationsservers (optional)

## Wizard: certificate

wizard-certificate-intro = Der primäre Server vertraut dem sekundären anhand dieses Zertifikats. Rufen Sie es vom sekundären Server ab, oder wählen Sie die von dort kopierte Datei klserver.cer.
wizard-certificate-fetch = Vom sekundären Administrationsserver abrufen
wizard-certificate-browse = Zertifikatsdatei auswählen
wizard-certificate-needs-address = Geben Sie im vorherigen Schritt Adresse und SSL-Port des sekundären Servers ein, um das Zertifikat von dort abzurufen.
wizard-certificate-fetching = Das Zertifikat wird vom sekundären Server abgerufen…
wizard-certificate-reading-file = Die Zertifikatsdatei wird gelesen…
wizard-certificate-fetch-failed = Das Zertifikat konnte nicht abgerufen werden: { $error }. Prüfen Sie Adresse und SSL-Port, oder wählen Sie stattdessen die Zertifikatsdatei.
wizard-certificate-from-file = Aus der Datei { $path }
wizard-certificate-presented-by = Vorgelegt von { $address } (beim Abrufen wurde nichts als vertrauenswürdig angenommen)
wizard-certificate-confirm = Ich habe den Fingerabdruck mit dem auf dem sekundären Server angezeigten verglichen

## Wizard: connection

wizard-connection-explain-dmz = Im DMZ-Modus verbindet sich der primäre Server mit dem sekundären; der sekundäre speichert trotzdem Adresse und Zertifikat des primären, um ihn zu erkennen.
wizard-connection-explain = Der sekundäre Server verbindet sich über diese Adresse und diesen SSL-Port mit dem primären.
wizard-connection-primary-ssl-port = SSL-Port des primären Administrationsservers
wizard-connection-use-proxy = Der sekundäre Server erreicht den primären über einen Proxyserver
wizard-connection-proxy-user-optional = Benutzername für den Proxyserver (optional)
wizard-connection-proxy-password = Kennwort für den Proxyserver
wizard-connection-proxy-password-note = Das Proxy-Kennwort wird für den sekundären Server verschlüsselt dorthin geschrieben und für den nächsten sekundären Server im Schlüsselbund des Systems aufbewahrt; in ihre Einstellungsdatei schreibt die App es nie.
wizard-connection-proxy-password-filled = Das Proxy-Kennwort wurde aus dem Schlüsselbund des Systems eingesetzt.
wizard-connection-proxy-password-unreadable = Das gespeicherte Proxy-Kennwort konnte nicht aus dem Schlüsselbund des Systems gelesen werden: { $error }

## Wizard: credentials

wizard-credentials-intro = Ein Benutzer mit Rechten auf dem künftigen sekundären Server. Die App meldet sich damit an, um die Anmeldedaten zu prüfen und später den sekundären Server zu konfigurieren.
wizard-credentials-user-placeholder = Administrator
wizard-credentials-password = Kennwort
wizard-credentials-domain-account = Domänen- oder Betriebssystemkonto (kein interner KSC-Benutzer)
wizard-credentials-domain = Domäne
wizard-credentials-code-asked = Der sekundäre Server verlangt den { $length }-stelligen Sicherheitscode aus der Authenticator-App.
wizard-credentials-submit-code = Code senden
wizard-credentials-check = Anmeldedaten prüfen
wizard-credentials-verified = Am sekundären Server angemeldet: Die Anmeldedaten funktionieren.
wizard-credentials-two-step-title = Für dieses Konto ist die zweistufige Überprüfung erforderlich, aber noch nicht eingerichtet
wizard-credentials-two-step-advice = Richten Sie sie für dieses Konto ein (einmal an der Web Console des sekundären Servers anmelden), oder erstellen Sie die Hierarchie stattdessen vom sekundären Server aus: Speichern Sie das Zertifikat dieses primären Servers, geben Sie es dem Administrator des sekundären Servers, und wählen Sie dort „Dieser Administrationsserver ist in der Hierarchie sekundär“ mit der Adresse dieses Servers und der Zertifikatsdatei.
wizard-credentials-save-primary-certificate = Zertifikat des primären Servers speichern…
wizard-credentials-saved-as = Gespeichert als { $path }
wizard-credentials-certificate-changed = Der Open-API-Port des sekundären Servers legt ein anderes Zertifikat vor (SHA-256 { $fingerprint }) als das im Zertifikatsschritt bestätigte. Es wurde nichts gesendet. Prüfen Sie, ob die Adresse zum sekundären Server gehört, oder wählen Sie im Zertifikatsschritt seine Zertifikatsdatei.
wizard-credentials-unreachable = { $error }. Prüfen Sie Adresse und API-Port des sekundären Servers, oder geben Sie sein Zertifikat manuell an (wählen Sie die Datei im Zertifikatsschritt).
wizard-credentials-register-only = Nur auf diesem Server registrieren
wizard-credentials-register-only-hint = Der Administrator des sekundären Servers schließt die Einrichtung dann dort mit dem Zertifikat dieses Servers oder einer Beitrittsdatei ab; von hier aus wird auf dem sekundären Server nichts geschrieben.
wizard-credentials-register-only-compare = Wird nur auf diesem Server registriert, prüft nichts anderes das Zertifikat: Vergleichen Sie seinen SHA-256-Fingerabdruck { $fingerprint } mit dem, den der Administrator des sekundären Servers von diesem Server abliest, bevor Sie ihn registrieren.

## Wizard: summary

wizard-summary-intro = Noch wurde nichts geschrieben. „Fertig stellen“ schreibt genau dies und wartet dann, bis sich der sekundäre Server verbindet.
wizard-summary-on-primary = Auf dem primären Server (Registrierung des sekundären)
wizard-summary-on-secondary = Auf dem sekundären Server (Einstellungen des primären Servers)
wizard-report-copy = Bericht kopieren
wizard-report-save = Bericht speichern…
wizard-report-copied = Der Bericht ist in der Zwischenablage.
wizard-report-saved = Bericht gespeichert als { $path }
wizard-report-text-filter = Text
wizard-preflight-again = Erneut prüfen
wizard-preflight-running = Prüfung von diesem Computer aus…
wizard-preflight-hint = Prüft vor „Fertig stellen“, was dieser Computer beobachten kann: wer sich mit wem verbindet und das Zertifikat dieses Ports, die Adresse des primären Servers, wie der sekundäre sie verwendet, das Zertifikat des sekundären Servers jetzt, Schleifen, Serverrollen, Versionen und Plattformen, die Begrenzung sekundärer Server auf dem primären, den Anzeigenamen und die zweistufige Überprüfung.
wizard-preflight-blocks = „Fertig stellen“ bleibt deaktiviert, bis die Fehler oben behoben sind (oder die Einstellungen geändert wurden).
wizard-summary-save-plan = Als Plandatei speichern…
wizard-summary-save-plan-hint = Derselbe Plan ohne Kennwörter, für ein Skript: ksc-link add-secondary --plan DATEI
wizard-summary-plan-saved = Plan gespeichert als { $path }.
wizard-summary-change = Ändern
wizard-summary-attention = Einige Einstellungen erfordern Ihre Aufmerksamkeit:
wizard-summary-register-only-intro = Nur registrieren: Noch wurde nichts geschrieben, und auf dem sekundären Server wird nichts geschrieben. „Fertig stellen“ registriert den sekundären Server auf diesem Server; sein Administrator schließt die Einrichtung auf dem sekundären Server ab.
wizard-summary-secondary-admin = Was der Administrator auf dem sekundären Server tun muss
wizard-register-step-open = Öffnen Sie die Eigenschaften des Administrationsservers (oder die Seite „{ home-this-server-is-secondary }“ dieser App) und aktivieren Sie „{ plan-use-master }“.
wizard-register-step-address = Geben Sie die Adresse dieses Servers { $address } und den SSL-Port { $port } ein.
wizard-register-step-certificate = Wählen Sie das Zertifikat dieses Servers klserver.cer (SHA-256 { $fingerprint }), oder importieren Sie eine von diesem Server exportierte Beitrittsdatei.
wizard-register-step-dmz = Aktivieren Sie „{ wizard-server-dmz }“.
wizard-register-step-save = Speichern Sie. Der sekundäre Server verbindet sich dann mit diesem Server und wird hier als aktiv angezeigt.
wizard-register-step-save-dmz = Speichern Sie. Dieser Server verbindet sich dann mit dem sekundären Server, der hier als aktiv angezeigt wird.

## Wizard: finish

stage-check = beide Server werden geprüft
stage-register = der sekundäre Server wird auf dem primären registriert
stage-configure-secondary = der sekundäre Server wird konfiguriert
stage-wait-for-link = es wird gewartet, bis sich der sekundäre Server verbindet
wizard-finish-stage-done = Erledigt: { $stage }: { $detail }
wizard-finish-stage-running = { $stage }…{ $waited }
wizard-finish-stage-pending = Ausstehend: { $stage }
wizard-finish-waiting = { " " }({ $seconds } s, Status: { $status })
wizard-finish-incomplete = Die Einstellungen sind unvollständig oder der sekundäre Server ist nicht angemeldet; gehen Sie zurück und prüfen Sie sie.
wizard-finish-rolled-back = Zurückgesetzt: { $steps }.
wizard-finish-rollback-failed = Das Zurücksetzen ist fehlgeschlagen: { $steps }.
wizard-finish-not-created = Die Hierarchie wurde nicht erstellt
wizard-finish-written-registration = die Registrierung des sekundären Servers auf dem primären (ID { $id })
wizard-finish-written-unconfirmed = vielleicht die Registrierung des sekundären Servers auf dem primären (die Antwort ging verloren)
wizard-finish-written-section = die Einstellungen des primären Servers auf dem sekundären
wizard-finish-written-so-far = Bisher geschrieben: { $what }.
wizard-finish-written-so-far-both = Bisher geschrieben: { $first } und { $second }.
wizard-finish-section-unconfirmed = Der sekundäre Server hat die Einstellungen des primären Servers nicht bestätigt: Ein abgelehnter Schreibvorgang lässt seine Einstellungen unverändert, und „Zurücksetzen“ stellt sie trotzdem wieder her, falls der Schreibvorgang angekommen ist.
wizard-finish-choices = Wiederholen Sie, um die Hierarchie fertigzustellen, setzen Sie zurück, um das Geschriebene zu entfernen, oder behalten Sie es, wie es ist.
wizard-finish-kept = Alle Eingaben bleiben erhalten: Wiederholen Sie den Vorgang, oder ändern Sie die Einstellungen.
wizard-finish-retry = Wiederholen
wizard-finish-replace = Registrierung { $id } ersetzen
wizard-finish-roll-back = Zurücksetzen
wizard-finish-keep = Geschriebenes behalten
wizard-finish-change-settings = Einstellungen ändern
wizard-finish-working = In Arbeit… Das Fenster bleibt bedienbar; Sie müssen währenddessen nichts tun.

## Wizard: result

status-active = Aktiv
status-inactive = Inaktiv
status-unknown = Unbekannt
wizard-result-register-only = Nur auf diesem Server registriert. Der Status bleibt „Inaktiv“, bis der Administrator des sekundären Servers die Einrichtung dort abgeschlossen hat; klicken Sie auf „Aktualisieren“, um es zu prüfen. Geben Sie ihm das Zertifikat dieses Servers oder eine Beitrittsdatei mit Adresse und Zertifikat:
wizard-result-save-certificate = Zertifikat dieses Servers speichern…
wizard-result-export-join-file = { home-export-join-file }
wizard-result-reading = Der sekundäre Server wird vom primären zurückgelesen…
wizard-result-read-failed = Der sekundäre Server konnte nicht zurückgelesen werden: { $error }
wizard-result-not-listed = Der primäre Server führt den sekundären nicht in der Gruppe { $group }.
wizard-result-active = Der sekundäre Administrationsserver „{ $name }“ ist in der Gruppe { $group } aktiv.
wizard-result-inactive = Der sekundäre Administrationsserver „{ $name }“ ist in der Gruppe { $group } aufgeführt, aber noch nicht aktiv.
wizard-result-status = Status
wizard-result-version = Version
wizard-result-version-unknown = unbekannt
wizard-result-last-connection = Letzte Verbindung
wizard-result-never = nie
wizard-result-id = ID auf dem primären Server
wizard-result-refresh = Aktualisieren

## Prerequisites

prereq-title = Voraussetzungen für die Autotask-Integration
prereq-intro = Verwenden Sie einen eigenen Autotask-Benutzer mit der Sicherheitsstufe API User, für die „Kennwortänderung nicht erforderlich“ eingestellt ist. Jede Kundenfirma braucht einen eigenen virtuellen Administrationsserver und ein aktives Kundenkonto in Autotask.
prereq-user-name = Name des API-Benutzers
prereq-secret = Secret
prereq-integration-code = Integrationscode (API Tracking Identifier)
prereq-discovery-url = Discovery-URL
prereq-remember = Secret und Integrationscode im Schlüsselbund des Systems speichern
prereq-check-all = Alle prüfen
prereq-back = Zurück
prereq-secret-unreadable = Das gespeicherte Secret konnte nicht gelesen werden: { $error }
prereq-not-checked = nicht geprüft
prereq-checking = wird geprüft…
prereq-what-to-do = Was zu tun ist: { $action }
prereq-check-ksc = Verbindung zu Kaspersky Security Center
prereq-check-vservers = Virtuelle Administrationsserver gefunden (mindestens einer)
prereq-check-zone = Autotask-Zone des Benutzers gefunden
prereq-check-api-user = Authentifizierter Aufruf gelingt (Sicherheitsstufe API User)
prereq-check-companies = Firmen dürfen abgefragt werden
prereq-check-budget = Bisher verbrauchtes Autotask-Anfragekontingent
prereq-check-password = Kennwortänderung nicht erforderlich
prereq-check-accounts = Virtuelle Administrationsserver und aktive Kundenkonten
prereq-password-step = { $number }. { $step }
prereq-password-step-1 = Wählen Sie in Autotask Admin › Features & Settings, erweitern Sie den Knoten Resources/Users und klicken Sie dann auf Resources/Users.
prereq-password-step-2 = Klicken Sie mit der rechten Maustaste auf einen Benutzernamen in der Spalte Resource Name und wählen Sie Edit Resource.
prereq-password-step-3 = Wählen Sie im geöffneten Fenster Resource Management die Registerkarte Security und in der Dropdown-Liste Security Level den Eintrag API User.
prereq-password-step-4 = Klicken Sie auf die Schaltfläche Save & Close.
prereq-password-step-5 = Wählen Sie Admin › Features & Settings, erweitern Sie den Knoten Resources/Users und klicken Sie dann auf Security Levels.
prereq-password-step-6 = Klicken Sie im geöffneten Fenster Security Levels auf das Stiftsymbol neben dem Wert API User in der Spalte Name.
prereq-password-step-7 = Erweitern Sie im geöffneten Fenster Security Level den Knoten Other und aktivieren Sie das Kontrollkästchen Not required to change password (password does not expire) – „Kennwortänderung nicht erforderlich (Kennwort läuft nicht ab)“.
prereq-password-step-8 = Klicken Sie auf Save & Close.
prereq-confirmed = vom Administrator bestätigt
prereq-ksc-answers = Der Administrationsserver antwortet
prereq-ksc-todo = Prüfen Sie die Verbindung zum Administrationsserver und melden Sie sich erneut an.
prereq-no-vservers = Der Administrationsserver hat keine virtuellen Administrationsserver
prereq-no-vservers-todo = Legen Sie für jede Kundenfirma mit einem Konto in Autotask einen virtuellen Administrationsserver an und prüfen Sie dann erneut.
prereq-vservers-found = { $count ->
    [one] { $count } virtueller Administrationsserver
   *[other] { $count } virtuelle Administrationsserver
}
prereq-counts = { $vservers ->
    [one] { $vservers } virtueller Administrationsserver
   *[other] { $vservers } virtuelle Administrationsserver
} und { $accounts ->
    [one] { $accounts } aktives Kundenkonto
   *[other] { $accounts } aktive Kundenkonten
}
prereq-accounts-todo = Jeder virtuelle Administrationsserver wird genau einem Konto zugeordnet: Legen Sie in Autotask für jede Kundenfirma ein aktives Customer-Konto an, oder entfernen Sie virtuelle Administrationsserver, die zu keinem Kunden gehören.
prereq-mapping-todo = Prüfen Sie die Zuordnung.
prereq-signed-in = { $user } angemeldet (API { $version })
prereq-budget = { $used } von { $limit } Anfragen im aktuellen Zeitfenster von { $minutes } Minuten ({ $percent } %)
prereq-budget-todo = Das Kontingent teilen sich alle Integrationen des Autotask-Mandanten: Warten Sie vor dem Zuordnen das Ende des Zeitfensters ab, oder halten Sie andere Integrationen an.

## Autotask errors

autotask-error-setup = Der Autotask-Client kann nicht eingerichtet werden: { $detail }
autotask-error-credential-empty = { $field ->
    [secret] Das Autotask-Secret ist leer: Geben Sie es erneut ein
    [code] Der Autotask-Integrationscode ist leer: Geben Sie ihn erneut ein
   *[user] Der Autotask-Benutzername ist leer: Geben Sie ihn erneut ein
}
autotask-error-credential-unsendable = { $field ->
    [secret] Das Autotask-Secret kann nicht gesendet werden (es enthält Zeilenumbrüche oder Steuerzeichen): Geben Sie es erneut ein
    [code] Der Autotask-Integrationscode kann nicht gesendet werden (er enthält Zeilenumbrüche oder Steuerzeichen): Geben Sie ihn erneut ein
   *[user] Der Autotask-Benutzername kann nicht gesendet werden (er enthält Zeilenumbrüche oder Steuerzeichen): Geben Sie ihn erneut ein
}
autotask-error-unknown-user = Autotask kennt den Benutzer „{ $user }“ nicht (seine Zone konnte nicht ermittelt werden): Prüfen Sie den Benutzernamen des API-Benutzers (den generierten „Key“, z. B. abc123@example.com)
autotask-error-discovery = Die Ermittlung der Autotask-Zone über { $url } ist fehlgeschlagen: { $detail }
autotask-error-authentication = Autotask hat den Benutzer „{ $user }“ abgewiesen: Das Secret ist falsch, oder die Sicherheitsstufe des Benutzers ist nicht „API User“ (REST akzeptiert nur API-Benutzer), oder sein Kennwort ist abgelaufen; manche Mandanten antworten so auch auf einen falschen Integrationscode. Prüfen Sie zuerst das Secret und versuchen Sie es nicht wiederholt: Das Konto kann gesperrt werden
autotask-error-integration-code = Autotask hat den Integrationscode (API Tracking Identifier) abgewiesen: Kopieren Sie den Identifier „Custom (Internal Integration)“ erneut von der Seite des API-Benutzers in Autotask
autotask-error-permission = { $action ->
    [read] Der Autotask-API-Benutzer darf { $entity } nicht lesen: Geben Sie seiner Sicherheitsstufe Zugriff auf { $entity } (Admin › Resources/Users › Security Levels)
   *[query] Der Autotask-API-Benutzer darf { $entity } nicht abfragen: Geben Sie seiner Sicherheitsstufe Zugriff auf { $entity } (Admin › Resources/Users › Security Levels)
}
autotask-error-rate-limited = Das Autotask-Anfragekontingent dieses Mandanten ist aufgebraucht (alle Integrationen teilen es sich): Warten Sie { $seconds } s, bevor Sie es erneut versuchen
autotask-error-not-found = { $entity } { $id } existiert in Autotask nicht
autotask-error-invalid-query = Die Autotask-Abfrage ist ungültig: { $detail }
autotask-error-api = Autotask hat auf { $request } mit HTTP { $status } geantwortet: { $details }
autotask-error-no-details = keine Details
autotask-error-bad-response = Die Antwort von Autotask auf { $request } kann nicht gelesen werden: { $detail }
autotask-error-paging = Dem Seitenwechsel von Autotask für { $request } kann nicht gefolgt werden: { $detail }
autotask-error-certificate = Der Autotask-Server { $host } hat das Zertifikat SHA-256 { $presented } vorgelegt, nicht das vertrauenswürdige { $expected }
autotask-error-timeout = Autotask hat auf { $request } nicht innerhalb von { $seconds } s geantwortet
autotask-error-query-deadline = Autotask hat nicht alle { $entity } innerhalb von { $seconds } s geliefert ({ $pages } Seiten gelesen): Der Mandant ist langsam oder sein Anfragekontingent ist fast aufgebraucht
autotask-todo-setup = Prüfen Sie die Discovery-URL und die Proxyserver-Einstellungen und prüfen Sie dann erneut.
autotask-todo-credential = { $field ->
    [secret] Geben Sie das Autotask-Secret erneut ein (kopieren Sie es von der Seite des API-Benutzers).
    [code] Geben Sie den Autotask-Integrationscode erneut ein (kopieren Sie ihn von der Seite des API-Benutzers).
   *[user] Geben Sie den Autotask-Benutzernamen erneut ein (kopieren Sie ihn von der Seite des API-Benutzers).
}
autotask-todo-unknown-user = Prüfen Sie den Benutzernamen des API-Benutzers: Es ist der generierte Key (z. B. abc123@example.com), der auf der Seite des API-Benutzers in Autotask angezeigt wird.
autotask-todo-network = Prüfen Sie die Discovery-URL, den Internetzugang dieses Computers und die Proxyserver-Einstellungen und prüfen Sie dann erneut.
autotask-todo-authentication = Prüfen Sie zuerst das Secret. Stellen Sie sicher, dass der Benutzer die Sicherheitsstufe API User hat (die einzige, die die REST-API akzeptiert) und dass sein Kennwort nicht abgelaufen ist; prüfen Sie dann den Integrationscode. Versuchen Sie es nicht wiederholt: Das Konto kann gesperrt werden.
autotask-todo-integration-code = Kopieren Sie den API Tracking Identifier „Custom (Internal Integration)“ erneut von der Seite des API-Benutzers in Autotask.
autotask-todo-permission = Geben Sie der Sicherheitsstufe des API-Benutzers Zugriff auf { $entity } (Admin › Resources/Users › Security Levels).
autotask-todo-rate-limited = Das stündliche Anfragekontingent des Mandanten (das sich alle Integrationen teilen) ist aufgebraucht: Warten Sie { $seconds } s und prüfen Sie dann erneut.
autotask-todo-certificate = Das Zertifikat des Autotask-Servers ist nicht das vertrauenswürdige: Prüfen Sie die Discovery-URL und das Zertifikat, bevor Sie ihm vertrauen.
autotask-todo-later = Prüfen Sie später erneut; bleibt der Fehler bestehen, melden Sie die Meldung dem Autotask-Support.

## Mapping

count-workspaces = { $count ->
    [one] { $count } Arbeitsbereich
   *[other] { $count } Arbeitsbereiche
}
mapping-title = Virtuelle Administrationsserver Autotask-Konten zuordnen
mapping-title-workspaces = Arbeitsbereiche Autotask-Konten zuordnen
mapping-loading = Die virtuellen Administrationsserver und alle Autotask-Firmen werden geladen…
mapping-load-failed = Die Zuordnung kann nicht angezeigt werden: { $error }
mapping-no-credentials = Das Autotask-Secret und der Integrationscode von { $user } sind nicht gespeichert: Öffnen Sie die Seite mit den Voraussetzungen, geben Sie sie ein, aktivieren Sie „Speichern“ und prüfen Sie erneut.
mapping-count-mapped = { $count } zugeordnet
mapping-count-unmapped = { $count } nicht zugeordnet
mapping-count-accounts = { $count ->
    [one] { $count } aktives Kundenkonto
   *[other] { $count } aktive Kundenkonten
}
mapping-too-few-accounts = Es gibt mehr virtuelle Administrationsserver ({ $vservers }) als aktive Kundenkonten ({ $accounts }): Jeder virtuelle Administrationsserver braucht ein eigenes Konto. Legen Sie die fehlenden Customer-Konten in Autotask an.
mapping-filter-all = Alle
mapping-filter-suggested = Vorgeschlagen
mapping-filter-unmapped = Nicht zugeordnet
mapping-filter-mapped = Zugeordnet
mapping-confirm-all = Alle Vorschläge bestätigen
mapping-row-mapped = Zugeordnet zu { $company }
mapping-row-suggested = Vorschlag: { $company } ({ $score } %, { $reason })
mapping-row-unmapped = Nicht zugeordnet
mapping-confirm = Bestätigen
mapping-choose = Konto wählen…
mapping-unmap = Zuordnung aufheben
mapping-unknown-company = Firma Nr. { $id } (nicht in Autotask)
mapping-picker-title = Autotask-Konto für { $vserver }
mapping-search = Nach Namen suchen
mapping-show-all = Alle Firmen anzeigen, nicht nur aktive Kunden
mapping-picker-none = Kein Konto passt.
mapping-picker-more = Nur die ersten { $shown } Treffer werden angezeigt: Geben Sie mehr vom Namen ein.
mapping-taken-by = { $company } – vergeben an { $vserver }
mapping-refused-taken = { $company } ist bereits { $vserver } zugeordnet: Jedes Konto gehört zu einem virtuellen Administrationsserver. Heben Sie die Zuordnung dort zuerst auf.
mapping-close-picker = Schließen
mapping-save = Speichern
mapping-saved = Die Zuordnung ist gespeichert.
mapping-save-failed = Die Zuordnung ist nicht gespeichert: { $error }. Sie bleibt wie bearbeitet; klicken Sie erneut auf „Speichern“.
mapping-export = Als CSV exportieren…
mapping-exported = Die Zuordnung wurde nach { $path } exportiert.
mapping-import = CSV importieren…
mapping-import-help = Der Import einer CSV-Datei ersetzt die Zuordnung der hier angezeigten virtuellen Administrationsserver durch die der Datei (Spalten vserver_uid und company_id). Eine Datei mit auch nur einem Fehler wird gar nicht übernommen, und jeder Fehler wird mit seiner Zeile aufgeführt – es wird nie nur halb importiert.
mapping-file-not-text = { $path } ist kein UTF-8-Text (ungültiges Byte bei Offset { $offset }): Speichern Sie die Datei als UTF-8-CSV und importieren Sie sie erneut.
mapping-imported = { $count ->
    [one] Importiert: { $count } virtueller Administrationsserver ist jetzt zugeordnet ({ $path }).
   *[other] Importiert: { $count } virtuelle Administrationsserver sind jetzt zugeordnet ({ $path }).
}
mapping-import-failed = { $count ->
    [one] Nichts wurde importiert: { $count } Zeile ist fehlerhaft. Korrigieren Sie die Datei und importieren Sie sie erneut.
   *[other] Nichts wurde importiert: { $count } Zeilen sind fehlerhaft. Korrigieren Sie die Datei und importieren Sie sie erneut.
}
mapping-unmapped-warning = { $count ->
    [one] { $count } virtueller Administrationsserver bleibt ohne Zuordnung: Die Integration sieht seine Geräte nicht. Trotzdem speichern?
   *[other] { $count } virtuelle Administrationsserver bleiben ohne Zuordnung: Die Integration sieht ihre Geräte nicht. Trotzdem speichern?
}
mapping-save-anyway = Trotzdem speichern
mapping-keep-editing = Weiter bearbeiten
mapping-unsaved = Die Zuordnung hat ungespeicherte Änderungen. Ohne Speichern verlassen?
mapping-leave = Ohne Speichern verlassen
mapping-back = Zurück
mapping-reason-same = gleicher Name
mapping-reason-normalised = gleicher Name bis auf Satzzeichen und Rechtsform
mapping-reason-transliterated = gleicher Name in einem anderen Alphabet
mapping-reason-spacing = gleicher Name bis auf Leerzeichen
mapping-reason-similar = ähnlicher Name
mapping-error-company-taken = Die Autotask-Firma { $company } ist bereits dem virtuellen Administrationsserver „{ $vserver }“ zugeordnet
mapping-problem-unknown-company = Der virtuelle Administrationsserver „{ $vserver }“ ist der Autotask-Firma { $company } zugeordnet, die nicht existiert
mapping-problem-company-twice = Die Autotask-Firma { $company } ist mehreren virtuellen Administrationsservern zugeordnet: { $vservers }
mapping-problem-vserver-gone = Der virtuelle Administrationsserver „{ $vserver }“ (der Firma { $company } zugeordnet) existiert nicht mehr
mapping-problem-too-few-accounts = { $vservers ->
    [one] Es gibt { $vservers } virtuellen Administrationsserver
   *[other] Es gibt { $vservers } virtuelle Administrationsserver
}, aber nur { $accounts ->
    [one] { $accounts } aktives Kundenkonto
   *[other] { $accounts } aktive Kundenkonten
}: Die Eins-zu-eins-Zuordnung braucht ein Konto je virtuellem Administrationsserver
csv-unclosed-quote = Zeile { $line }: Ein Feld in Anführungszeichen ist nicht geschlossen
csv-malformed = Zeile { $line }: Der Text lässt sich nicht als CSV lesen ({ $detail })
csv-not-a-file = { $path } ist keine gewöhnliche Datei (ein Ordner, ein Gerät oder eine Pipe): wählen Sie die CSV-Datei selbst
csv-too-large = { $path } ist größer als { $limit } MB: Das ist kein Export von Konten oder Arbeitsbereichen; wählen Sie die CSV-Datei selbst
csv-row-error = Zeile { $row }: { $problem }
csv-missing-column = Die Kopfzeile hat keine Spalte „{ $column }“
csv-no-vserver = keine UID eines virtuellen Administrationsservers
csv-unknown-vserver = unbekannter virtueller Administrationsserver „{ $uid }“
csv-duplicate-vserver = Der virtuelle Administrationsserver „{ $uid }“ ist bereits in Zeile { $first_row } aufgeführt
csv-bad-company-id = Die Firmen-ID „{ $id }“ ist keine Zahl
csv-unknown-company = unbekannte Autotask-Firma { $id }
csv-company-used = Die Autotask-Firma { $company } ist bereits in Zeile { $first_row } zugeordnet

## KES Cloud

kes-source = Quelle
kes-source-ksc = Kaspersky Security Center
kes-source-cloud = Kaspersky Endpoint Security Cloud
kes-email = E-Mail-Adresse des Kontos
kes-password = Kennwort
kes-workspaces = Arbeitsbereiche, einer pro Zeile
kes-import = Arbeitsbereiche aus CSV importieren…
kes-not-verifiable = Kaspersky Endpoint Security Cloud hat keine öffentliche API zum Auflisten der Arbeitsbereiche: Geben Sie sie ein oder importieren Sie die aus der Cloud-Konsole exportierte CSV-Datei. E-Mail-Adresse und Kennwort werden im Schlüsselbund des Systems gespeichert, aber diese App kann sie nicht online prüfen.
kes-check-credentials = KES Cloud-Anmeldedaten vorhanden
kes-check-workspaces = Arbeitsbereiche aufgeführt (mindestens einer)
kes-credentials-ok = { $email }: im Schlüsselbund des Systems gespeichert (nicht online prüfbar)
kes-credentials-todo = Geben Sie die E-Mail-Adresse und das Kennwort des Kontos von Kaspersky Endpoint Security Cloud ein.
kes-password-missing = kein Kennwort eingegeben
kes-password-unreadable = Das gespeicherte KES Cloud-Kennwort konnte nicht gelesen werden: { $error }
kes-workspaces-todo = Geben Sie die Arbeitsbereiche ein, einen pro Zeile, oder importieren Sie die aus der Cloud-Konsole exportierte CSV-Datei.
kes-imported = { $count ->
    [one] { $count } Arbeitsbereich aus { $path } importiert.
   *[other] { $count } Arbeitsbereiche aus { $path } importiert.
}
kes-error-unreadable = Die Arbeitsbereichsdatei ist keine CSV-Datei: { $detail }
kes-error-no-name-column = Zeile { $line }: In der Kopfzeile gibt es keine Spalte namens { $expected }
kes-error-duplicate = Zeile { $line }: Der Arbeitsbereich „{ $name }“ ist bereits in Zeile { $first_line } aufgeführt
kes-error-empty = keine Arbeitsbereiche aufgeführt
kes-error-email-empty = Geben Sie die E-Mail-Adresse des KES Cloud-Kontos ein
kes-error-email-malformed = „{ $email }“ ist keine E-Mail-Adresse (erwartet: name@domain.tld)

## Plan files (hierarchy::plan_file)
plan-secret-source = keine Kennwortquelle: Schreiben Sie "keyring", "env:NAME" oder "stdin" (ein Kennwort selbst gehört nie in die Datei)
plan-missing-key = fehlt
plan-not-a-plan = keine ksc-link-Plandatei (format muss "{ $expected }" sein)
plan-version = Version { $found } kann diese ksc-link-Version nicht lesen (sie liest { $supported }); aktualisieren Sie ksc-link oder speichern Sie den Plan erneut im Assistenten
plan-group-empty = die Gruppe ist leer: Schreiben Sie ihren Pfad ab der Wurzel, etwa "Verwaltete Geräte/Server"
plan-address-dmz = im DMZ-Modus erforderlich: Der primäre Server verbindet sich mit dieser Adresse
plan-address-login = erforderlich: ksc-link meldet sich unter dieser Adresse am sekundären Server an (oder setzen Sie register_only = true)
plan-certificate-choice = schreiben Sie "fetch" oder den Pfad der klserver.cer des sekundären Servers
plan-incomplete = der Plan ist unvollständig
plan-override-not-a-table = dieser Schlüssel bezeichnet einen Wert, keine Tabelle
plan-unreadable = Die Plandatei { $path } kann nicht gelesen werden: { $error }
plan-too-large = sie ist größer als 1 MB, zu groß für eine Plandatei
plan-not-text = sie ist kein UTF-8-Text (ungültiges Byte an Position { $offset })
plan-file-header = ksc-link-Plan: einen sekundären Administrationsserver hinzufügen (Format 1). Ausführen mit: ksc-link add-secondary --plan DATEI [--dry-run]
plan-file-secrets = Diese Datei enthält kein Geheimnis: Jedes Kennwort nennt seine Quelle ("keyring", "env:NAME" oder "stdin").
run-plan-wrong-code = { $server } hat den Bestätigungscode der Zwei-Schritt-Verifizierung abgelehnt
run-plan-two-step-not-set-up = { $server }: Das Konto { $user } muss die Zwei-Schritt-Verifizierung verwenden, hat sie aber nicht eingerichtet; richten Sie sie in der Web Console ein oder registrieren Sie nur auf dem primären Server (register_only = true)
run-plan-no-group = keine Gruppe { $name } in { $parent }; vorhanden sind: { $there }
run-plan-no-subgroups = keine Untergruppen
run-plan-no-groups = der primäre Server hat keine Administrationsgruppen geliefert
run-plan-certificate-mismatch = das Zertifikat von { $from } hat SHA-256 { $found }, nicht { $expected } wie im Plan; es wurde nichts geschrieben. Vergleichen Sie es erneut mit dem Administrator des sekundären Servers
run-plan-whose-password = das Kennwort von { $user } auf { $server }
script-stdin-empty = die Standardeingabe lieferte keine Zeile für { $what }
script-env-missing = die Umgebungsvariable { $name } ist nicht gesetzt ({ $what })
script-keyring-missing = der Schlüsselbund des Betriebssystems enthält kein Kennwort für { $what }; speichern Sie es mit: { $command }
script-code-prompt = Bestätigungscode der Zwei-Schritt-Verifizierung für { $server }
script-code-needed = { $server } verlangt einen Bestätigungscode der Zwei-Schritt-Verifizierung: Geben Sie --totp-code an oder starten Sie im Terminal
script-stage-started = … { $stage }
script-stage-done = ✓ { $stage }: { $detail }
script-waiting = … es wird weiter gewartet, bis sich der sekundäre Server verbindet ({ $seconds } s)
script-dry-run = Probelauf: Es wurde nichts geschrieben. Geschrieben würde Folgendes:
script-done = Fertig: { $name } (ID { $id }) ist auf dem primären Server, { $status }.
script-user-required = --user muss einen Benutzer nennen
script-target-required = nennen Sie einen Server (--server) oder einen Proxy (--proxy)
script-secret-stored = Im Schlüsselbund des Betriebssystems gespeichert: { $what }.
script-csv-empty = { $path } hat keine Kopfzeile mit Planschlüsseln
script-batch-stdin = "stdin" kann keinen Stapel bedienen (eine Standardeingabe, viele Niederlassungen): Verwenden Sie "keyring" oder "env:NAME"
script-batch-checked = geprüft, nichts geschrieben
script-batch-done = fertig: ID { $id }, { $status }
script-batch-failed = FEHLGESCHLAGEN:
cli-not-pinned = für { $server } ist kein Zertifikat angeheftet: Führen Sie zuerst ksc-link connect aus oder geben Sie --pin-sha256 an
cli-connect-mismatch = der Server präsentiert SHA-256 { $presented }, nicht { $expected }; es wurde nichts gesendet
cli-connect-changed = WARNUNG: Für diesen Server war { $pinned } angeheftet; jetzt präsentiert er { $presented }. Das geschieht, wenn sein Zertifikat erneuert wurde, aber auch, wenn jemand die Verbindung abfängt.
cli-connect-confirm-needed = bestätigen Sie den Fingerabdruck oben: Geben Sie --pin-sha256 mit dem Wert des Administrators an oder starten Sie im Terminal
cli-connect-confirm = Stimmt dieser SHA-256-Fingerabdruck mit dem des Serveradministrators überein? Geben Sie yes ein, um ihm zu vertrauen:
cli-connect-not-trusted = nicht vertraut; es wurde nichts gesendet
cli-connect-done = Bei { $server } als { $user } angemeldet (Kaspersky Security Center { $version }); sein Zertifikat ist angeheftet.
cli-status-none = Dieser Server hat keine sekundären Server.
cli-status-group = Gruppe
cli-status-status = Status
cli-status-version = Version
cli-status-last-connected = Zuletzt verbunden
cli-status-never = nie
cli-detached = Dieser Server ist nicht mehr sekundär ({ $count } Einstellungen geändert).
cli-join-primary = Primärer Server (Adresse:SSL-Port)
cli-join-fingerprint = Zertifikat des primären Servers (SHA-256)
cli-join-proxy = Proxy
cli-join-no-proxy = keiner
cli-join-exported = Beitrittsdatei nach { $path } geschrieben (Zertifikat des primären Servers SHA-256 { $fingerprint }). Teilen Sie diesen Fingerabdruck den Administratoren der sekundären Server auf einem anderen Weg als mit der Datei mit.
cli-join-mismatch = das Zertifikat der Beitrittsdatei hat SHA-256 { $found }, nicht { $expected } wie bestätigt; es wurde nichts geschrieben
cli-join-imported = Dieser Server ist jetzt sekundärer Server von { $primary }.
run-plan-secondary-user = der Plan nennt keinen Benutzer auf dem sekundären Server ([secondary] user)
run-plan-primary-certificate-unreachable = das Zertifikat des primären Servers konnte nicht von { $at } abgerufen werden, wie der sekundäre Server ihn erreicht ({ $error }); geben Sie seine klserver.cer mit --primary-certificate DATEI an
cli-autotask-keyring-missing = der Schlüsselbund des Betriebssystems enthält kein Geheimnis oder keinen Integrationscode für den Autotask-Benutzer { $user }: Lassen Sie sie einmal auf der Seite der Voraussetzungen speichern oder geben Sie --autotask-secret-env und --integration-code-env an
cli-autotask-by-hand = von Hand in Autotask bestätigen (Admin > Resources (Users) > Security Levels)
cli-mapping-imported = { $path } importiert: Jetzt sind { $count } virtuelle Server zugeordnet; die Zuordnung ist gespeichert.
cli-mapping-accepted = Die Vorschläge sind zugeordnet; jetzt sind { $count } virtuelle Server zugeordnet und die Zuordnung ist gespeichert.
script-whose-totp = das Geheimnis der Zwei-Schritt-Verifizierung von { $user } auf { $server }
secrets-totp-not-base32 = kein Geheimnis der Zwei-Schritt-Verifizierung: Es muss der Base32-Text sein, der beim Einrichten angezeigt wurde
secrets-totp-length = der Server verlangt einen { $digits }-stelligen Code, den kein Authenticator erzeugt

## Certificate lifecycle (cert::lifecycle)
cert-life-reserve-due = Das für diesen Server als vertrauenswürdig gespeicherte Zertifikat läuft am { $date } ab (in { $days ->
    [one] { $days } Tag
   *[other] { $days } Tagen
}). KSC erstellt 90 Tage vor Ablauf seines Zertifikats ein Reservezertifikat und setzt es einen Tag vor Ablauf ein ({ $swap }): Ab dann zeigt diese App das neue Zertifikat und bittet Sie, es anhand seines Fingerabdrucks zu bestätigen. Ein eigenes (benutzerdefiniertes) Zertifikat wird nicht neu ausgestellt: Hat dieser Server eines, ersetzen Sie es vor Ablauf von Hand.
cert-life-expires-soon = Das für diesen Server als vertrauenswürdig gespeicherte Zertifikat läuft bald ab: am { $date }, { $days ->
    [0] in weniger als einem Tag
    [one] in { $days } Tag
   *[other] in { $days } Tagen
}. KSC setzt sein Reservezertifikat einen Tag vor Ablauf ein ({ $swap }); rechnen Sie damit, das neue Zertifikat anhand seines Fingerabdrucks zu bestätigen. Ein eigenes (benutzerdefiniertes) Zertifikat wird nicht neu ausgestellt: Hat dieser Server eines, ersetzen Sie es jetzt von Hand.
cert-life-custom-due = Das für diesen Server als vertrauenswürdig gespeicherte Zertifikat läuft am { $date } ab ({ $days ->
    [0] in weniger als einem Tag
    [one] in { $days } Tag
   *[other] in { $days } Tagen
}). Es wurde von { $issuer } ausgestellt, nicht vom Server selbst: Ein eigenes Zertifikat stellt KSC nicht neu aus. Ersetzen Sie es bis dahin von Hand (klsetsrvcert); danach werden Sie gebeten, das neue anhand seines Fingerabdrucks zu bestätigen.
cert-life-expired = Das für diesen Server als vertrauenswürdig gespeicherte Zertifikat ist am { $date } abgelaufen. KSC setzt sein Reservezertifikat einen Tag vor Ablauf ein, der Server legt also sehr wahrscheinlich jetzt ein neues Zertifikat vor: Sie werden gebeten, es anhand seines Fingerabdrucks zu bestätigen. Ein eigenes Zertifikat wird nicht neu ausgestellt und muss von Hand ersetzt werden.
cert-life-custom-expired = Das für diesen Server als vertrauenswürdig gespeicherte Zertifikat ist am { $date } abgelaufen. Es wurde von { $issuer } ausgestellt, nicht vom Server selbst: Ein eigenes Zertifikat stellt KSC nicht neu aus. Ersetzen Sie es von Hand (klsetsrvcert).
cert-life-legacy = Es wurde am { $date } ausgestellt, vor dem 1. September 2020, als die Zertifikate von KSC fünf Jahre gültig waren; die Zertifikate, die KSC heute erstellt, sind 397 Tage gültig.
cert-life-trusted = Bisher vertrauenswürdig
cert-life-presented = Jetzt vorgelegt
cert-life-validity-unknown = nicht bekannt (nur der Fingerabdruck wurde gespeichert)
cert-life-change-rollover = Das für diesen Server als vertrauenswürdig gespeicherte Zertifikat { $expired ->
    [yes] ist am { $expiry } abgelaufen
   *[no] läuft am { $expiry } ab
}. 90 Tage vor Ablauf seines Zertifikats erstellt KSC ein Reservezertifikat und setzt es einen Tag vor Ablauf ein; das neue Zertifikat wurde nach dem { $reserve } für dieselben Namen ausgestellt, diese Änderung ist also sehr wahrscheinlich diese Erneuerung. Vergleichen Sie trotzdem seinen SHA-256-Fingerabdruck mit der Datei klserver.cer des Servers, bevor Sie ihm vertrauen. An den Server wurde nichts gesendet.
cert-life-change-replaced = Das ist keine Erneuerung des Zertifikats durch KSC selbst: Der Server wurde neu installiert oder hat ein anderes Zertifikat erhalten (klsetsrvcert), oder jemand fängt die Verbindung ab. Vergleichen Sie den neuen SHA-256-Fingerabdruck mit der Datei klserver.cer des Servers, bevor Sie ihm vertrauen; weichen sie ab, verbinden Sie sich nicht. An den Server wurde nichts gesendet.
cert-life-change-why = Warum das nicht das eingesetzte Reservezertifikat von KSC ist:
cert-life-change-old-unknown = Vom vertrauenswürdigen Zertifikat wurde nur der Fingerabdruck gespeichert, nicht seine Gültigkeit, daher lässt sich nicht sagen, ob KSC es selbst erneuert hat: Der Server kann kurz vor Ablauf sein Reservezertifikat eingesetzt haben, neu installiert worden sein oder ein anderes Zertifikat erhalten haben (klsetsrvcert), oder jemand fängt die Verbindung ab. Vergleichen Sie den neuen SHA-256-Fingerabdruck mit der Datei klserver.cer des Servers, bevor Sie ihm vertrauen. An den Server wurde nichts gesendet.
cert-life-why-old-not-due = das vertrauenswürdige Zertifikat ist bis { $date } gültig, mehr als 90 Tage: KSC hatte noch kein Reservezertifikat erstellt
cert-life-why-old-custom = das vertrauenswürdige Zertifikat wurde von { $issuer } ausgestellt, nicht vom Server selbst: Ein eigenes Zertifikat stellt KSC nicht neu aus
cert-life-why-new-early = das neue Zertifikat wurde am { $issued } ausgestellt, bevor KSC das Reservezertifikat erstellt hätte ({ $reserve })
cert-life-why-other-names = das neue Zertifikat gilt für { $new }, das vertrauenswürdige für { $old }
cert-life-why-new-custom = das neue Zertifikat ist keines, das KSC erstellt: ausgestellt von { $issuer }, { $days } Tage gültig
cert-life-why-new-not-valid = das neue Zertifikat ist jetzt nicht gültig: Es gilt vom { $from } bis { $to }
sim-cli-reserve-swapped = { $server }: Das Reservezertifikat ist eingesetzt (SHA-256 { $fingerprint }, gültig bis { $until }); beide Ports legen es jetzt vor.

## Pre-flight check (hierarchy::preflight)
preflight-dial = Wer verbindet sich mit wem
preflight-dmz-ok = DMZ-Modus: Der primäre Server verbindet sich mit dem sekundären unter { $at }, der das gewählte Zertifikat präsentiert
preflight-dmz-other = DMZ-Modus: { $at } präsentiert ein anderes Zertifikat (SHA-256 { $found }) als das gewählte des sekundären Servers; der primäre Server würde es ablehnen
preflight-dmz-other-todo = Prüfen Sie Adresse und SSL-Port des sekundären Servers oder wählen Sie das Zertifikat, das er jetzt präsentiert.
preflight-dmz-unreachable = DMZ-Modus: Der primäre Server muss sich mit dem sekundären unter { $at } verbinden, der von diesem Computer aus nicht antwortet ({ $error })
preflight-dmz-unreachable-todo = Stellen Sie sicher, dass der primäre Server { $at } erreicht (Firewall, NAT); dieser Computer darf es vielleicht nur nicht.
preflight-dmz-no-address = Der DMZ-Modus braucht die Adresse des sekundären Servers: Der primäre verbindet sich mit ihr
preflight-dmz-no-address-todo = Geben Sie die Adresse des sekundären Servers ein, wie der primäre ihn erreicht.
preflight-normal-ok = der sekundäre Server verbindet sich mit dem primären unter { $at }, der hier mit dem Zertifikat des primären Servers antwortet
preflight-normal-other = der sekundäre Server würde sich mit { $at } verbinden, das ein anderes Zertifikat (SHA-256 { $found }) als der primäre präsentiert: Adresse und Port gehören zu einem anderen Server
preflight-normal-other-todo = Geben Sie Adresse und SSL-Port des primären Servers so ein, wie der sekundäre sie erreicht.
preflight-normal-unreachable = der sekundäre Server verbindet sich mit dem primären unter { $at }, der von diesem Computer aus nicht antwortet ({ $error }); ob der sekundäre ihn erreicht, ist von hier nicht zu sehen
preflight-normal-unreachable-todo = Stellen Sie sicher, dass { $at } vom sekundären zum primären Server offen ist.
preflight-address = Adresse des primären Servers, wie der sekundäre sie verwendet
preflight-address-unresolved = { $address } wird auf diesem Computer nicht aufgelöst
preflight-address-unresolved-todo = Der sekundäre Server löst sie vielleicht anders auf; verwenden Sie besser einen Namen oder eine Adresse, die beide gleich auflösen.
preflight-address-local = { $address } ist die Loopback- oder eine Link-Local-Adresse dieses Computers, der sekundäre Server ist aber ein anderer Host: Er würde sich mit sich selbst verbinden
preflight-address-local-maybe = { $address } ist die Loopback- oder eine Link-Local-Adresse dieses Computers: läuft der sekundäre Server nicht auf demselben Computer, würde er sich mit sich selbst verbinden
preflight-address-local-todo = Geben Sie die Adresse des primären Servers so ein, wie der sekundäre ihn über das Netzwerk erreicht.
preflight-address-ok = { $address } wird zu einer Netzwerkadresse aufgelöst
preflight-certificate = Das Zertifikat des sekundären Servers jetzt
preflight-certificate-ok = { $at } präsentiert das gewählte Zertifikat
preflight-certificate-other = { $at } präsentiert SHA-256 { $found }, nicht das gewählte { $chosen }: Der Server wurde neu installiert oder sein Zertifikat geändert
preflight-certificate-other-todo = Holen Sie das Zertifikat erneut vom sekundären Server oder wählen Sie seine neue klserver.cer.
preflight-certificate-unreachable = { $at } antwortet von diesem Computer aus nicht ({ $error })
preflight-certificate-no-address = keine Adresse des sekundären Servers zum Prüfen
preflight-cycle = Keine Schleife
preflight-cycle-itself = das Zertifikat des sekundären Servers ist das des primären: Der sekundäre Server ist der primäre selbst
preflight-cycle-itself-todo = Wählen Sie den sekundären Server, nicht diesen.
preflight-cycle-loop = der sekundäre Server ist der primäre Server dieses primären: Die Hierarchie würde zur Schleife
preflight-cycle-loop-todo = Ein Server kann nicht sekundär zu seinem eigenen sekundären sein; trennen Sie zuerst einen von beiden.
preflight-cycle-ok = der sekundäre Server ist weder der primäre noch dessen eigener primärer Server
preflight-existing = Vorhandener primärer Server
preflight-existing-other = der sekundäre Server ist jetzt sekundär zu { $address }; er wird zu diesem primären Server verschoben
preflight-existing-other-todo = Stellen Sie sicher, dass das Verschieben gewollt ist; entfernen Sie ihn danach auf seinem alten primären Server.
preflight-side-primary = der primäre Server
preflight-side-secondary = der sekundäre Server
preflight-roles = Serverrollen
preflight-roles-virtual = { $side } ist ein virtueller Administrationsserver: Ein virtueller Server kann keine sekundären Server haben und ist bereits sekundär zu seinem eigenen Server
preflight-roles-virtual-todo = Verbinden Sie sich mit dem physischen Administrationsserver.
preflight-roles-ok = keiner der Server ist ein virtueller Administrationsserver, und jeder kann seine Rolle übernehmen
preflight-roles-cloud-secondary = der sekundäre Server ist der Administrationsserver der Cloud Console, der nur primär sein kann
preflight-roles-cloud-secondary-todo = Machen Sie den Cloud-Console-Server zum primären Server oder wählen Sie einen lokalen Administrationsserver als sekundären.
preflight-roles-linux-primary = auf dem primären Server läuft { $version }: Kaspersky Security Center Linux vor 14.2 kann nur sekundär sein
preflight-roles-linux-primary-todo = Aktualisieren Sie den primären Server auf Kaspersky Security Center Linux 14.2 oder höher oder verwenden Sie einen Windows-Administrationsserver als primären.
preflight-server = KSC { $version } { $platform ->
    [linux] für Linux
    [windows] für Windows
    [cloud] (Cloud Console)
   *[unstated] (Plattform nicht angegeben)
}
preflight-versions = Versionen und Plattformen
preflight-versions-both = primär: { $primary }; sekundär: { $secondary }
preflight-versions-install = { $both }. Ab Version 15.4 installiert ein primärer Server Programme auf einem sekundären nur, wenn dieser ebenfalls 15.4 oder höher ist
preflight-versions-install-todo = Aktualisieren Sie den sekundären Server auf 15.4 oder höher, wenn vom primären aus Programme darauf installiert werden sollen.
preflight-versions-unknown-todo = Die Version des sekundären Servers wird nach der Anmeldung an ihm gelesen (Schritt Anmeldedaten).
preflight-cycle-child = der primäre Server ist einer der sekundären Server des sekundären: die Hierarchie würde zu einer Schleife
preflight-cycle-ok-above = der sekundäre Server ist weder der primäre noch dessen eigener primärer Server ({ $address }); weiter oben liegende Server sind von hier nicht sichtbar
preflight-limit = Sekundäre Server auf dem primären erlaubt
preflight-limit-ok = der primäre Server meldet sekundäre Server als aktiviert (LP_SlaveServer)
preflight-limit-off = der primäre Server meldet sekundäre Server als nicht aktiviert (Limits.GetLimits, LP_SlaveServer = 0): die Registrierung kann abgelehnt werden
preflight-limit-off-todo = Prüfen Sie Lizenz und Edition des primären Servers vor „Fertig stellen“.
preflight-limit-unknown = der primäre Server hat nicht mitgeteilt, ob sekundäre Server aktiviert sind (Limits.GetLimits)
preflight-name = Anzeigename
preflight-name-taken = in „{ $group }“ heißt bereits ein anderer sekundärer Server „{ $name }“
preflight-name-taken-todo = Wählen Sie einen anderen Anzeigenamen oder eine andere Gruppe.
preflight-name-free = „{ $name }“ ist in „{ $group }“ frei
preflight-two-step = Zweistufige Überprüfung auf dem sekundären Server
preflight-two-step-none = { $user } meldet sich ohne Code an
preflight-two-step-code = { $user } meldet sich mit einem Code aus einer eingerichteten Authentifizierungs-App an
preflight-two-step-not-set-up = { $user } muss die zweistufige Überprüfung verwenden, hat aber keine Authentifizierungs-App eingerichtet: die Hälfte des sekundären Servers kann mit diesem Konto nicht geschrieben werden
preflight-two-step-not-set-up-todo = Richten Sie sie in der Web Console des sekundären Servers ein, verwenden Sie ein anderes Konto oder wählen Sie „{ wizard-credentials-register-only }“.
preflight-two-step-not-logged-in = am sekundären Server wurde nicht angemeldet (Registrierung nur auf diesem Server): sein Konto wurde nicht geprüft
preflight-version-unknown = Version unbekannt
preflight-size = Anzahl sekundärer Server
preflight-size-reason = der primäre Server hat { $now } sekundäre Server; die Dokumentation nennt höchstens { $max }
preflight-size-todo = Fügen Sie eher eine weitere primäre Ebene hinzu als hier weitere sekundäre Server.
preflight-title = Vorabprüfung
preflight-stopped = Die Vorabprüfung hat Fehler gefunden; es wurde nichts geschrieben:
## Keeping the hierarchy (hierarchy::maintain)
maintain-label-name = Anzeigename
maintain-label-group = Administrationsgruppe
maintain-from-to = { $from } → { $to }
maintain-restored-name = vorherigen Namen und vorherige Gruppe zurückgeschrieben ({ $name })
maintain-renamed = „{ $from }“ in „{ $to }“ umbenannt
maintain-moved = „{ $name }“ nach „{ $group }“ verschoben
maintain-label-delete = Registrierung löschen
maintain-label-register = Erneut registrieren
maintain-rekey-delete = Registrierung { $id } (Zertifikat SHA-256 { $fingerprint })
maintain-rekey-register = „{ $name }“ in derselben Gruppe mit derselben DMZ-Adresse, mit dem Zertifikat, das er jetzt vorlegt (SHA-256 { $fingerprint })
maintain-restore-failed = „{ $name }“ konnte nicht wie zuvor erneut registriert werden: { $error }
maintain-label-secondary-side = Auf dem sekundären Server
maintain-remove-secondary-side = nicht mehr sekundär sein (KLSRV_MASTER_SRV_USE = false)
maintain-remove-delete = die Registrierung von „{ $name }“ (ID { $id }) auf diesem primären Server
maintain-restored-secondary-side = die vorherigen Einstellungen des sekundären Servers zurückgeschrieben
cli-secondary-plan = Wird geschrieben:
cli-secondary-fetch-port = { $at }: geben Sie auch den SSL-Port an, als HOST:PORT (auf dem Server standardmäßig 13000)
cli-secondary-rekey-source = geben Sie an, woher das neue Zertifikat kommt: --certificate DATEI oder --fetch HOST:PORT
cli-secondary-confirm = vergleichen Sie den SHA-256 des neuen Zertifikats { $fingerprint } mit dem, den der Administrator des sekundären Servers vorliest, und übergeben Sie ihn mit --confirm-sha256
cli-secondary-rekeyed = erneut als ID { $new } registriert (vorher { $old }) mit dem Zertifikat SHA-256 { $fingerprint }
cli-secondary-removed = Registrierung von „{ $name }“ (ID { $id }) entfernt
cli-secondary-side-cleared = der sekundäre Server nennt diesen primären Server nicht mehr (KLSRV_MASTER_SRV_USE = false)
cli-secondary-side-other = der sekundäre Server nennt einen anderen primären Server ({ $address }); seine Einstellungen bleiben unverändert
cli-secondary-note-written = die Notiz für den Administrator des sekundären Servers steht in { $path }
manage-title = { $name }
manage-open-secondary = Seine Seite „Dieser Server ist sekundär“
manage-through = { $name } über { $primary }
manage-close = Schließen
manage-rename = Umbenennen…
manage-groups-loading = Gruppen werden gelesen…
manage-pick-group = In Gruppe verschieben
manage-move = Verschieben…
manage-rekey-hint = Nach einer Neuinstallation oder klsetsrvcert legt der sekundäre Server ein neues Zertifikat vor und bleibt inaktiv: Holen Sie das Zertifikat, das er jetzt vorlegt (über seine Adresse und seinen SSL-Port oder über diesen primären Server, solange er noch verbunden ist), vergleichen Sie den Fingerabdruck mit seinem Administrator und registrieren Sie ihn unter demselben Namen in derselben Gruppe erneut.
manage-address-placeholder = Adresse und SSL-Port des sekundären Servers, HOST:PORT (leer: über diesen primären Server)
manage-fetch = Das Zertifikat holen, das er jetzt vorlegt
manage-fetched = Er legt SHA-256 { $fingerprint } vor, gültig bis { $until }
manage-compared = Ich habe diesen Fingerabdruck mit dem verglichen, den sein Administrator auf dem sekundären Server vorgelesen hat
manage-rekey = Neu registrieren…
manage-remove = Auf beiden Seiten entfernen…
manage-busy = Wird ausgeführt…
manage-apply = Anwenden
manage-cancel = Abbrechen
manage-copy-note = Notiz kopieren
manage-nothing-to-do = Nichts zu ändern: es ist bereits so.
manage-no-row = kein sekundärer Server gewählt
maintain-admin-note = Der Administrationsserver „{ $name }“ wurde aus der Hierarchie des primären Servers { $primary } entfernt, aber seine eigenen Einstellungen konnten von dort aus nicht geändert werden ({ $why }).
    Auf „{ $name }“: Öffnen Sie die Eigenschaften des Administrationsservers (oder die Seite „Dieser Server ist sekundär“ von ksc-link), deaktivieren Sie „Dieser Administrationsserver ist in der Hierarchie sekundär“ und speichern Sie. Bis dahin versucht er weiter, sich mit { $primary } zu verbinden.

## Secondary servers page (hierarchy::health)
home-servers = Sekundäre Server
servers-title = Sekundäre Administrationsserver
servers-loading = Die sekundären Server werden gelesen…
servers-load-failed = Die sekundären Server konnten nicht gelesen werden: { $error }
servers-as-of = Version des primären Servers { $version } · Stand { $time }
servers-as-of-no-version = Version des primären Servers unbekannt · Stand { $time }
servers-count = { $count ->
    [one] { $count } sekundärer Server
   *[other] { $count } sekundäre Server
}
servers-count-active = { $count } aktiv
servers-count-inactive = { $count } inaktiv
servers-count-attention = { $count ->
    [one] { $count } braucht Aufmerksamkeit
   *[other] { $count } brauchen Aufmerksamkeit
}
servers-checking = Zertifikate werden geprüft und die sekundären Server der sekundären Server gesucht…
servers-showing = { $shown } von { $total } angezeigt
servers-none = Dieser Server hat keine sekundären Server.
servers-none-match = Kein sekundärer Server entspricht dem Filter.
servers-filter = Nach Name, Adresse, Gruppe oder Version filtern
servers-attention-only = Nur solche, die Aufmerksamkeit brauchen
servers-refresh = Aktualisieren
servers-export = Als CSV exportieren…
servers-exported = { $count ->
    [one] { $count } sekundärer Server wurde nach { $path } exportiert.
   *[other] { $count } sekundäre Server wurden nach { $path } exportiert.
}
servers-export-failed = Der Export konnte nicht geschrieben werden: { $error }
servers-back = Zurück zur Startseite
servers-col-name = Name
servers-col-group = Gruppe
servers-col-status = Status
servers-col-inactive = Inaktiv seit
servers-col-version = Version
servers-col-mode = Modus
servers-col-address = Adresse
servers-col-expiry = Zertifikat gültig bis
servers-col-presented = Zertifikat jetzt
servers-mode-dmz = DMZ
servers-mode-standard = Standard
servers-expiry-left = { $date } ({ $days ->
    [one] { $days } Tag
   *[other] { $days } Tage
})
servers-expiry-expired = { $date } (abgelaufen)
servers-expiry-none = keines
servers-expiry-unreadable = nicht lesbar
servers-presented-pending = Wird geprüft…
servers-presented-matches = Stimmt überein
servers-presented-differs = Geändert
servers-presented-could-not = Nicht prüfbar
servers-presented-differs-detail = { $via }: zeigt das Zertifikat mit MD5 { $md5 }
servers-via-address = gesehen unter { $address }
servers-via-gateway = über den primären Server gelesen (Gateway-Sitzung)
servers-nested-unlisted = { $count ->
    [one] Die eigenen sekundären Server von { $count } aktiven Server konnten nicht aufgelistet werden; der Export nennt den Grund.
   *[other] Die eigenen sekundären Server von { $count } aktiven Servern konnten nicht aufgelistet werden; der Export nennt die Gründe.
}
servers-attention = Braucht Aufmerksamkeit: { $reasons }
servers-inactive-never = nie verbunden
servers-inactive-days = { $days ->
    [one] { $days } Tag
   *[other] { $days } Tagen
}
servers-inactive-hours = { $hours ->
    [one] { $hours } Stunde
   *[other] { $hours } Stunden
}
servers-inactive-minutes = weniger als einer Stunde
servers-reason-inactive-for = inaktiv seit { $since }
servers-reason-inactive-never = inaktiv, nie verbunden
servers-reason-inactive = nicht als aktiv gemeldet
servers-reason-certificate-changed = zeigt ein anderes Zertifikat als das registrierte
servers-reason-certificate-expiring = { $days ->
    [one] das registrierte Zertifikat läuft in { $days } Tag ab
   *[other] das registrierte Zertifikat läuft in { $days } Tagen ab
}
servers-reason-certificate-expired = { $days ->
    [one] das registrierte Zertifikat ist seit { $days } Tag abgelaufen
   *[other] das registrierte Zertifikat ist seit { $days } Tagen abgelaufen
}
servers-reason-certificate-unreadable = das registrierte Zertifikat ist nicht lesbar
servers-reason-version-drift = { $drift ->
    [older-minor] ältere Unterversion als sein primärer Server
    [older-major] ältere Hauptversion als sein primärer Server
   *[newer] neuere Version als sein primärer Server
}
servers-check-inactive-no-address = inaktiv, und keine Adresse, unter der er von hier erreichbar wäre
servers-check-gateway-failed = keine Sitzung über den primären Server: { $error }
servers-check-gateway-certificate-failed = sein Zertifikat konnte über den primären Server nicht gelesen werden: { $error }
servers-check-gateway-timeout = die Sitzung über den primären Server dauerte länger als { $seconds } s
servers-check-nothing-registered = der primäre Server hält kein Zertifikat zum Vergleich
servers-check-probe-timeout = { $address } hat innerhalb von { $seconds } s kein Zertifikat gezeigt
servers-nested-too-deep = tiefer als { $depth } Ebenen nicht gesucht
servers-nested-failed = { $error }
servers-address-invalid = „{ $address }“ ist keine Adresse mit gültigem Port
