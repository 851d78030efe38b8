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
