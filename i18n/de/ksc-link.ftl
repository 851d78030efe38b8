# ksc-link: deutsche Meldungen.
# Begriffe folgen der deutschen Oberfläche von Kaspersky Security Center.

-product = ksc-link
-ksc = Kaspersky Security Center

app-title = { -product }
app-demo-banner = Demo – simulierte Server

count-virtual-servers = { $count ->
    [one] { $count } virtueller Server
   *[other] { $count } virtuelle Server
}

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
mapping-row-suggested = Vorschlag: { $company } ({ $score } %, { $reason })
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
