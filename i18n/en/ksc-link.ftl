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
