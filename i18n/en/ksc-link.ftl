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
