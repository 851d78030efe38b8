# ksc-link: сообщения на русском языке.
# Термины следуют русскому интерфейсу Kaspersky Security Center.

-product = ksc-link
-ksc = Kaspersky Security Center

app-title = { -product }
app-demo-banner = Демо — имитация серверов

count-virtual-servers = { $count ->
    [one] { $count } виртуальный Сервер
    [few] { $count } виртуальных Сервера
   *[many] { $count } виртуальных Серверов
}
