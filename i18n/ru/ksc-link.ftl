# ksc-link: сообщения на русском языке.
# Термины следуют русскому интерфейсу Kaspersky Security Center.

-product = ksc-link
-ksc = Kaspersky Security Center

app-title = { -product }
app-demo-banner = Демо — имитация серверов
app-demo-servers-failed = Не удалось запустить имитацию серверов: { $error }
app-demo-servers-stopped = имитация серверов остановилась во время запуска

count-virtual-servers = { $count ->
    [one] { $count } виртуальный Сервер
    [few] { $count } виртуальных Сервера
   *[many] { $count } виртуальных Серверов
}


## App: window title, banner, notices

app-title-wizard = { $title } — Добавление подчиненного Сервера администрирования, шаг { $step } из { $count }: { $name }
app-title-banner = { $title } — { $banner }
app-settings-not-read = Настройки не прочитаны: { $error }
app-settings-read-interrupted = чтение настроек прервано: { $error }
app-settings-save-interrupted = сохранение настроек прервано: { $error }
app-settings-unsaved = Настройки не сохранены — { $error }. Пока приложение открыто, ничего не потеряно: «Повторить» запишет их, когда причина устранена (свободное место, права на запись).
app-settings-unsaved-closing = Настройки не сохранены — { $error }. Закройте окно ещё раз, чтобы выйти без них, или нажмите «Повторить».
app-settings-retry = Повторить
app-close-wizard-busy = Окно не закрыто: мастер записывает данные на Серверы администрирования или частично построенная иерархия ждет вашего решения — откатить изменения или оставить их. Закройте окно после этого.
app-close-secondary-saving = Окно не закрыто, пока параметры записываются на этот Сервер. Закройте его после завершения сохранения.

## Language picker

language-label = Язык
language-system = Как в системе


## Connect

connect-title = Подключение к Серверу администрирования
connect-address = Адрес Сервера администрирования
connect-port = Порт Open API
connect-remember-password = Запомнить пароль (системное хранилище ключей)
connect-code-asked = Сервер запрашивает { $length }-значный код безопасности из вашего приложения-аутентификатора.
connect-code-refused = Последний код отклонен; введите текущий.
clock-server-ahead = Часы Сервера { $server } спешат на { $difference } относительно этого компьютера; коды из приложения-аутентификатора могут отклоняться. Kaspersky требует синхронизировать время Сервера администрирования и устройства с приложением-аутентификатором с UTC по внешним источникам времени: синхронизируйте оба.
clock-server-behind = Часы Сервера { $server } отстают на { $difference } от этого компьютера; коды из приложения-аутентификатора могут отклоняться. Kaspersky требует синхронизировать время Сервера администрирования и устройства с приложением-аутентификатором с UTC по внешним источникам времени: синхронизируйте оба.
clock-hours = { $n } ч
clock-minutes = { $n } мин
clock-seconds = { $n } с
two-step-code-changes-in = Текущий код сменится через { $seconds } с
two-step-login-ended = Сервер { $server } прервал этот вход после отклоненных кодов. Все остальные введенные данные сохранены: начните вход заново, чтобы получить запрос нового кода.
connect-first-connection = Первое подключение к этому Серверу: проверьте его сертификат
connect-compare-fingerprint = Прежде чем доверять сертификату, сравните отпечаток SHA-256 с отпечатком, показанным на Сервере (Web Console, свойства Сервера).
connect-trust = Доверять этому сертификату и подключиться
connect-do-not-trust = Не доверять
connect-certificate-changed-title = ВНИМАНИЕ: сертификат Сервера изменился
connect-trust-new = Доверять новому сертификату
connect-fetching = Получение сертификата Сервера…
connect-logging-in = Вход…
connect-connect = Подключиться
connect-servers = Серверы
connect-servers-empty = Здесь появятся Серверы, к которым вы подключаетесь.
connect-servers-starting = Запуск имитации серверов…
connect-preset-ports = { $address }, порт API { $api }
connect-preset-ports-ssl = { $address }, порт API { $api }, SSL-порт { $ssl }
connect-password-unreadable = Не удалось прочитать сохраненный пароль из системного хранилища ключей: { $error }
connect-fetch-failed = Не удалось получить сертификат Сервера: { $error }
connect-not-trusted = Сертификату не доверяют; Серверу ничего не отправлено.
connect-two-step-not-set-up = Для этой учетной записи обязательна двухэтапная проверка, но она еще не настроена. Настройте ее, один раз войдя в Web Console KSC, и подключитесь снова.
connect-changed-certificate-unreadable = Сертификат Сервера изменился, и новый сертификат не удается прочитать ({ $error }). Серверу ничего не отправлено.

## Home

# The root administration group, as the KSC consoles name it.
group-root-name = Управляемые устройства
home-connected = Подключено к { $address } как { $user }
home-certificate = Сертификат SHA-256 { $fingerprint }
home-add-secondary-intro = Добавьте подчиненный Сервер администрирования к этому Серверу: он появится в выбранной группе администрирования и будет получать политики и задачи этого Сервера.
home-add-secondary = Добавить подчиненный Сервер администрирования
home-disconnect = Отключиться
home-secondary-side-intro = Если главный Сервер не может подключиться к подчиненному: сделайте этот Сервер подчиненным с его собственной стороны или экспортируйте файл присоединения для администратора подчиненного Сервера.
home-this-server-is-secondary = Этот Сервер является подчиненным
home-export-join-file = Экспортировать файл присоединения
home-autotask-intro = Перед интеграцией с Autotask PSA: проверьте пользователя API Autotask и то, что каждый виртуальный Сервер может получить собственную учетную запись Autotask.
home-autotask-prerequisites = Предварительные условия интеграции с Autotask
home-reading-groups = Чтение групп администрирования…
home-groups-failed = Не удалось прочитать группы Сервера: { $error }


## Export join file

export-intro = Для филиала, к Серверу администрирования которого этот Сервер не может подключиться: файл присоединения содержит адрес, SSL-порт и сертификат этого Сервера (без пароля). Администратор филиала импортирует его на странице «Этот Сервер является подчиненным».
export-address = Адрес, по которому подключается подчиненный Сервер
export-use-proxy = Подчиненный Сервер использует прокси-сервер для подключения к этому Серверу
export-this-certificate = Сертификат этого Сервера
export-local-same = Этот компьютер — Сервер KSC: его сертификат { $path } (тот же сертификат).
export-local-different = Этот компьютер — Сервер KSC: его сертификат { $path } — другой сертификат: этот компьютер не тот Сервер, к которому вы подключены.
export-saved = Сохранено: { $path }. Сообщите администратору филиала этот отпечаток по телефону: { $fingerprint }
export-save-certificate = Сохранить klserver.cer…
export-save-join-file = Сохранить файл присоединения…
export-save-join-file-title = Сохранить файл присоединения
export-save-certificate-title = Сохранить сертификат Сервера
export-filter-join-files = Файлы присоединения
export-reading-certificate = Чтение сертификата Сервера…
export-writing-join-file = Запись файла присоединения…
export-writing-certificate = Запись сертификата…
export-write-interrupted = запись прервана: { $error }
export-certificate-read-failed = Не удалось прочитать сертификат Сервера: { $error }
export-certificate-unreadable = Сертификат Сервера не удается разобрать: { $error }

## This server is secondary

secondary-intro = Иерархия Серверов администрирования на { $server }. Используйте эту страницу, когда главный Сервер не может подключиться к этому Серверу: имея сертификат главного Сервера (klserver.cer), этот Сервер сам подключается к главному.
secondary-is-secondary = Этот Сервер администрирования является подчиненным в иерархии
secondary-dmz = Подключить главный Сервер администрирования к подчиненному Серверу администрирования в демилитаризованной зоне (DMZ)
secondary-use-proxy = Использовать прокси-сервер
secondary-primary-address = Адрес главного Сервера администрирования
secondary-primary-ssl-port = SSL-порт главного Сервера администрирования
secondary-proxy-address = Адрес прокси-сервера
secondary-proxy-port = Порт прокси-сервера
secondary-proxy-user = Имя пользователя прокси-сервера (необязательно)
secondary-proxy-password = Пароль прокси-сервера
secondary-proxy-password-note = Пароль прокси-сервера записывается на этот Сервер в зашифрованном для него виде и хранится в системном хранилище ключей, но никогда — в файле настроек приложения.
secondary-problem-proxy-password = введите пароль прокси-сервера: Сервер хранит его в зашифрованном виде и не может показать
secondary-problem-certificate = выберите сертификат главного Сервера администрирования (klserver.cer)
secondary-problem-certificate-unconfirmed = сверьте отпечаток сертификата с администратором главного Сервера и установите флажок «{ secondary-fingerprint-confirm }»
secondary-stored-certificate-unreadable = Сертификат главного Сервера, сохраненный на этом Сервере, не удается прочитать ({ $error }); выберите klserver.cer главного Сервера еще раз.
secondary-now-not-secondary = Сейчас: этот Сервер не является подчиненным.
secondary-now-secondary = Сейчас: подчиненный Сервер для { $address } (SSL-порт { $ports })
secondary-now-no-address = (адрес не указан)
secondary-now-no-port = нет
secondary-now-certificate = Сертификат главного Сервера: SHA-256 { $fingerprint }, действителен до { $date }
secondary-now-certificate-unreadable = Сертификат главного Сервера: не удается прочитать
secondary-now-certificate-none = Сертификат главного Сервера: нет
secondary-now-dmz = DMZ: главный Сервер подключается к этому Серверу
secondary-now-no-dmz = DMZ: нет, этот Сервер сам подключается к главному
secondary-now-proxy = Прокси-сервер: { $location }
secondary-now-proxy-user = Прокси-сервер: { $location }, пользователь { $user }
secondary-now-no-proxy = Прокси-сервер: нет
secondary-certificate-title = Сертификат главного Сервера администрирования
secondary-scanning = Поиск на съемных дисках…
secondary-no-drive = Съемный диск не подключен. Вставьте USB-накопитель с файлом klserver.cer главного Сервера или выберите файл вручную.
secondary-no-certificate-on-drives = { $count ->
    [one] На съемном диске { $drives } нет файла сертификата.
   *[other] На съемных дисках { $drives } нет файла сертификата.
}
secondary-candidates = Файлы сертификатов, найденные на съемных дисках:
secondary-candidate-details = SHA-256 { $fingerprint } · действителен до { $date }
secondary-not-listed = Не показан: { $path }: { $reason }
secondary-browse = Обзор…
secondary-look-again = Искать снова
secondary-import-join-file = Импортировать файл присоединения…
secondary-join-file-title = Файл присоединения, экспортированный на главном Сервере администрирования
secondary-source-server = Сохранен на этом Сервере
secondary-source-file = Из файла { $path }
secondary-source-drive = Со съемного диска: { $path }
secondary-source-join-file = Из файла присоединения { $path }
secondary-compare-fingerprint = Перед сохранением сверьте этот отпечаток SHA-256 с тем, который сообщит администратор главного Сервера (по телефону, а не с того же диска или из того же письма, что и файл):
secondary-fingerprint-confirm = Я сверил этот отпечаток с отпечатком, полученным от администратора главного Сервера
secondary-file-unusable = { $path } нельзя использовать: { $error }
secondary-reading = Чтение параметров иерархии…
secondary-reading-join-file = Чтение файла присоединения…
secondary-saving = Сохранение и повторное чтение параметров иерархии…
secondary-detaching = Отключение этого Сервера от главного…
secondary-host-name-failed = Не удалось прочитать имя узла Сервера: { $error }
secondary-read-failed = Не удалось прочитать параметры иерархии: { $error }
secondary-not-saved = Не сохранено: { $error }
secondary-proxy-password-not-kept = Пароль прокси-сервера сохранен на Сервере, но не в хранилище ключей ({ $error }); в следующий раз его придется ввести снова.
secondary-unsaved = Есть несохраненные изменения
secondary-save = Сохранить
secondary-leave-question = Покинуть страницу? Ваши изменения не сохранены.
secondary-discard-changes = Отменить изменения
secondary-detach-question = Отключить этот Сервер от главного? Он перестанет получать политики и задачи главного Сервера.
secondary-detach = Отключить
# After a save: when it was saved and how many settings the server reports changed.
secondary-saved = Сохранено { $time }. Прочитано с Сервера: { $count ->
    [0] ничего не изменилось
    [one] изменен { $count } параметр
    [few] изменено { $count } параметра
   *[many] изменено { $count } параметров
}.
# After a save the server confirmed but could not be read back from; $error says why.
secondary-saved-not-read-back = Сохранено { $time }: Сервер принял параметры, но прочитать их обратно не удалось ({ $error }). Ниже показано то, что было записано; откройте эту страницу позже, чтобы увидеть, что сообщает Сервер.
# One changed setting, e.g. "Primary Administration Server address: (empty) → ksc-hq".
secondary-change = { $setting }: { $before } → { $after }
secondary-change-empty = (пусто)
# A setting the server returned otherwise than it was written, e.g. "Primary Administration Server SSL port" (KLSRV_MASTER_SRV_PORTS) read back as [14000], not [13000].
secondary-read-back-differs = параметр «{ $setting }» ({ $name }) прочитан как { $found }, а записано было { $expected }
secondary-value-set = (задан)
secondary-detached = Этот Сервер больше не является подчиненным. На главном Сервере он отображается как неактивный, пока администратор не удалит его из списка Серверов администрирования.
secondary-primary-admin-sees = На главном Сервере администратор видит этот Сервер в разделе «Серверы администрирования», в группе администрирования, где он был зарегистрирован с файлом klserver.cer этого Сервера; статус становится «Активен», как только этот Сервер подключится (если администратор главного Сервера еще не зарегистрировал его, отправьте ему файл klserver.cer этого Сервера).
secondary-check-skipped = Приложение не проверило главный Сервер само: у него нет учетных данных для { $primary }, доверяющих сохраненному здесь сертификату (подключитесь к главному Серверу один раз с флажком «Запомнить пароль», чтобы в следующий раз проверка выполнялась).
secondary-check-failed = Приложению не удалось само проверить главный Сервер { $primary }: { $error }.
secondary-check-running = Проверка, видит ли главный Сервер { $primary } этот Сервер… ({ $seconds } с)
secondary-own-certificate-failed = не удалось прочитать сертификат этого Сервера: { $error }
secondary-primary-sign-in-failed = не удалось войти на главный Сервер: { $error }
# The settings read back from KLSRV_MASTER_SRV, as the save report names them.
secondary-setting-use-master = Подчиненный в иерархии
secondary-setting-primary-address = Адрес главного Сервера администрирования
secondary-setting-primary-ports = SSL-порт главного Сервера администрирования
secondary-setting-primary-certificate = Сертификат главного Сервера (SHA-256)
secondary-setting-dmz = Главный Сервер подключается к этому Серверу (DMZ)
secondary-setting-use-proxy = Использовать прокси-сервер
secondary-setting-proxy = Прокси-сервер
secondary-setting-proxy-user = Пользователь прокси-сервера
secondary-setting-proxy-password = Пароль прокси-сервера

## What the primary sees of this server

onprimary-not-registered = Этот Сервер не зарегистрирован на главном Сервере { $primary }.
onprimary-register-hint = Администратор главного Сервера должен зарегистрировать его: в разделе «Серверы администрирования» добавить подчиненный Сервер в группу администрирования, используя файл klserver.cer этого Сервера.
onprimary-sees-as = Главный Сервер { $primary } видит этот Сервер как «{ $name }».
onprimary-status = Статус: { $status }
onprimary-group = Группа: { $group }
onprimary-group-id = группа { $id }
onprimary-last-connected = Последнее подключение: { $time }
onprimary-never = никогда
onprimary-unknown = неизвестно
onprimary-status-other = неизвестно ({ $code })
onprimary-inactive-hint = Статус станет «Активен», как только этот Сервер подключится к главному; проверьте, что адрес и SSL-порт главного Сервера доступны отсюда.
onprimary-no-password = пароль пользователя { $user } для { $address } не сохранен в хранилище ключей
onprimary-no-password-error = пароль пользователя { $user } для { $address } не сохранен в хранилище ключей ({ $error })
onprimary-needs-code = { $address } запрашивает код двухэтапной проверки

## Join file errors

joinfile-cannot-read = не удается прочитать { $path }: { $error }
joinfile-cannot-write = не удается записать { $path }: { $error }
joinfile-too-large = файл больше { $kib } КБ, слишком велик для файла присоединения; выберите файл, экспортированный командой «{ home-export-join-file }» на главном Сервере
joinfile-not-a-join-file = это не файл присоединения ksc-link ({ $detail }); выберите файл, экспортированный командой «{ home-export-join-file }» на главном Сервере
joinfile-unsupported-version = у этого файла присоединения версия формата { $found }, более новая, чем умеет читать эта версия ksc-link (версия { $known }); обновите ksc-link или экспортируйте файл заново этой версией
joinfile-truncated = файл присоединения неполный: он обрывается до завершающего раздела [integrity] (обрезан при передаче?); скопируйте или экспортируйте его заново
joinfile-changed = файл присоединения поврежден: его содержимое не совпадает с контрольной суммой (испорчен при передаче или изменен после экспорта); не используйте его: попросите администратора главного Сервера экспортировать его заново
joinfile-tampered = файл присоединения противоречит сам себе: в нем указан отпечаток сертификата { $stated }, но у сертификата в файле отпечаток { $actual } (файл поврежден или изменен); не используйте его
joinfile-certificate = сертификат в файле присоединения непригоден: { $error }
joinfile-damaged = файл присоединения поврежден: { $detail }
joinfile-wrong-value = в файле присоединения недопустимое значение: { $error }
joinfile-detail-no-format-line = нет строки «format»
joinfile-detail-format = формат «{ $format }»
joinfile-detail-not-text = это не текстовый файл
joinfile-detail-no-version = нет допустимой версии
joinfile-detail-fingerprint = указанный отпечаток сертификата: { $error }
joinfile-detail-created = время экспорта «{ $value }»: { $error }

## Removable drives

removable-too-large = слишком велик для сертификата

## Fields and validation (shared by the wizard, the settings and the command line)

field-display-name = Отображаемое имя подчиненного Сервера администрирования
field-secondary-address = Адрес подчиненного Сервера администрирования
field-primary-address = Адрес главного Сервера администрирования
field-ssl-port = SSL-порт Сервера администрирования
field-api-port = Порт API Сервера администрирования
field-proxy-address = Адрес прокси-сервера
field-proxy-port = Порт прокси-сервера
field-proxy-user = Имя пользователя прокси-сервера
field-user = Имя пользователя
field-code = Код безопасности
field-certificate = Сертификат
field-group = Группа администрирования
field-error = { $field }: { $problem }
problem-required = это поле обязательно
problem-too-long = не более { $max ->
    [one] { $max } символа
    [few] { $max } символов
   *[many] { $max } символов
}
problem-bad-character = символ { $character } недопустим
problem-bad-port = введите номер порта от 1 до 65535
problem-bad-host = недопустимое имя хоста или IP-адрес: { $why }
problem-required-for-dmz = обязательно в режиме DMZ: главный Сервер подключается по этому адресу
problem-name-taken = подчиненный Сервер с таким именем уже есть в этой группе
problem-bad-code = введите { $length }-значный код
host-problem-scheme = введите имя без http:// или https://
host-problem-port = порт указывается в отдельном поле
host-problem-too-long = длиннее 253 символов
host-problem-empty-label = пустая часть между точками
host-problem-label-too-long = часть «{ $label }» длиннее 63 символов
host-problem-label-hyphen = часть «{ $label }» начинается или заканчивается символом «-»

## What Finish will write (the summary's dry run)

plan-display-name = Отображаемое имя
plan-group = Группа администрирования
plan-group-value = { $name } (ID { $id })
plan-secondary-certificate = Сертификат подчиненного Сервера (SHA-256)
plan-net-address = Адрес, по которому подключается главный Сервер (DMZ)
plan-net-address-none = нет: подчиненный Сервер сам подключается к главному
plan-use-master = Этот Сервер администрирования является подчиненным в иерархии
plan-primary-address = Адрес главного Сервера администрирования
plan-primary-ssl-port = SSL-порт главного Сервера администрирования
plan-primary-certificate = Сертификат главного Сервера (SHA-256)
plan-passive = Главный Сервер подключается к этому Серверу (DMZ)
plan-use-proxy = Использовать прокси-сервер
plan-proxy = Прокси-сервер
plan-proxy-user = Пользователь прокси-сервера
plan-proxy-password = Пароль прокси-сервера
plan-proxy-password-empty = (пустой)
plan-proxy-password-set = (задан, записывается в защищенном виде)
plan-yes = да
plan-no = нет

## Certificates: refusals and warnings

cert-choose-klserver = выберите файл сертификата klserver.cer
cert-error-io = не удалось прочитать { $path }: { $error }
cert-error-empty = файл пуст; { cert-choose-klserver }
cert-error-too-large = файл больше { $kib } КБ, слишком большой для сертификата; { cert-choose-klserver }
cert-error-private-key = это закрытый ключ, никому его не передавайте; { cert-choose-klserver }
cert-error-pkcs12 = это контейнер PKCS#12 (.pfx/.p12) с закрытым ключом, никому его не передавайте; { cert-choose-klserver }
cert-error-csr = это запрос на сертификат (CSR), а не сертификат; { cert-choose-klserver }
cert-error-no-certificate-in-pem = PEM-файл содержит «{ $label }», но не сертификат; { cert-choose-klserver }
cert-error-bad-pem = PEM-файл поврежден ({ $detail }); { cert-choose-klserver }
cert-error-malformed = сертификат поврежден или не в формате X.509 ({ $detail })
cert-error-text = это текстовый файл без сертификата (нет блока «-----BEGIN CERTIFICATE-----»); { cert-choose-klserver }
cert-error-not-a-certificate = этот файл не сертификат (ни DER, ни PEM); { cert-choose-klserver }
cert-error-generate = не удалось создать сертификат: { $error }
cert-warning-expired = срок действия сертификата истек { $date }
cert-warning-not-yet-valid = сертификат еще не действует: он вступает в силу { $date } (проверьте часы)
cert-warning-expires-today = срок действия сертификата истекает менее чем через сутки
cert-warning-expires-soon = срок действия сертификата истекает через { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
cert-warning-weak-key = длина ключа RSA всего { $bits } бит; KSC требует не менее { $min }

## Command line

cli-cert-warning = ВНИМАНИЕ: { $warning }
cli-cert-serial = Серийный номер
cli-cert-names = Имена
cli-cert-compare = Прежде чем доверять сертификату, сравните отпечаток SHA-256 с тем, что показан на сервере.
cli-cert-saved = Сохранено в { $path }
cli-cert-unreadable = { $host }:{ $port } предъявил нечитаемый сертификат: { $error }
cli-cannot-write = не удается записать { $path }: { $error }
cli-no-log-file = { $error }; работа продолжается без файла журнала
cli-window-failed = не удалось открыть окно: { $error }
cli-no-desktop = для окна нужен графический сеанс рабочего стола (X11 или Wayland), а здесь его нет; без него работает командная строка: `ksc-link sim` запускает симулированные серверы, `ksc-link cert show ФАЙЛ` показывает сертификат, `ksc-link --help` перечисляет остальное
cli-runtime-failed = не удается запустить асинхронную среду выполнения: { $error }
sim-cli-primary = Главный Сервер администрирования (будущий главный)
sim-cli-secondary = Подчиненный Сервер администрирования (будущий подчиненный)
sim-cli-ssl-port = SSL-порт
sim-cli-user = Пользователь
sim-cli-password = Пароль
sim-cli-certificate = Сертификат
sim-cli-pair-until-ctrl-c = Имитируемые серверы работают на 127.0.0.1, пока вы не нажмете Ctrl+C. Состояние: { $state }
sim-cli-start-failed = не удается запустить имитируемые серверы
sim-cli-autotask = Имитируемый экземпляр Autotask
sim-cli-discovery-url = URL обнаружения зоны
sim-cli-zone-url = URL зоны
sim-cli-api-user = API-пользователь
sim-cli-secret = Секрет
sim-cli-integration-code = Код интеграции
sim-cli-companies = Компании
sim-cli-until-ctrl-c = Работает на 127.0.0.1, пока вы не нажмете Ctrl+C.
sim-cli-autotask-failed = не удается запустить имитируемый экземпляр Autotask

## Connection and Open API errors

net-step-dns = Разрешение имени
net-step-tcp = TCP-подключение
net-step-proxy = Подключение через прокси-сервер
net-step-tls = TLS-рукопожатие
net-step-http = HTTP-запрос
net-step-api = Вызов API
net-failed = { $step } к { $host }:{ $port }: ошибка: { $detail }
ksc-certificate-changed = TLS-рукопожатие с { $at }: сертификат сервера изменился (ожидался SHA-256 { $expected }, предъявлен { $presented })
ksc-timeout-connecting = Время ожидания подключения (TCP и TLS-рукопожатие) к { $at } истекло через { $seconds } с ({ $method })
ksc-timeout-resolving = Время ожидания разрешения имени { $at } истекло через { $seconds } с ({ $method })
ksc-timeout-proxy = Время ожидания подключения к { $at } через прокси-сервер истекло через { $seconds } с ({ $method })
ksc-timeout-answer = Время ожидания ответа от { $at } истекло через { $seconds } с ({ $method })
ksc-wrong-credentials = { $at } отклонил имя пользователя или пароль учетной записи { $user } (Session.StartSession)
ksc-code-required = { $at } ожидает { $length }-значный код двухэтапной проверки перед { $method }
ksc-two-factor-not-configured = { $at } требует двухэтапную проверку для { $user }, но для этой учетной записи она еще не настроена; сначала настройте ее в Kaspersky Security Center Web Console (Session.StartSession)
ksc-session-expired-code-required = Сеанс на { $at } истек во время { $method }; для повторного входа нужен { $length }-значный код двухэтапной проверки
ksc-session-ended = Сеанс на { $at } завершен ({ $method }); войдите снова
ksc-not-logged-in = Вход на { $at } не выполнен ({ $method }); сначала войдите
ksc-no-code-requested = { $at } не запрашивал код двухэтапной проверки (Session.StartSession)
ksc-access-denied = { $at } запретил доступ к { $method } (HTTP 403)
ksc-api-failed = Ошибка { $method } на { $at }: { $error }
ksc-decode-failed = { $method } на { $at } вернул неожиданный ответ: { $error }
ksc-gateway-secondary-not-found = на шаге { $step } пути { $path } от { $at } не зарегистрирован подчиненный Сервер администрирования с идентификатором { $id } (CgwHelper.GetSlaveServerLocation)
ksc-gateway-unreachable = { $at } не может открыть подключение через шлюз к подчиненному Серверу администрирования на пути { $path }: { $detail }. Подчиненный Сервер доступен, только пока он подключен к своему главному Серверу (статус «Активен»)
ksc-gateway-key-refused = { $at } отклонил одноразовый ключ подключения через шлюз: он уже использован или выдан более 60 секунд назад (Session.StartSession)
ksc-http-status = { $method } на { $at } ответил HTTP { $status }: { $body }
ksc-setup-failed = Не удалось подготовить подключение к { $at }: { $detail }
ksc-empty-body = (пустой ответ)

tls-pin-bad-character = Отпечаток SHA-256 состоит только из шестнадцатеричных цифр и разделителей ':'; найдено { $found }
tls-pin-bad-length = Отпечаток SHA-256 содержит 64 шестнадцатеричные цифры; в этом { $count }
tls-pin-mismatch = Сервер предъявил сертификат SHA-256 { $presented }, ожидался { $expected }
tls-client-refused = Клиентскому сертификату SHA-256 { $presented } подключение не разрешено
tls-bad-identity = TLS-удостоверение нельзя использовать: { $error }
tls-empty-chain = В TLS-удостоверении нет сертификата
tls-config-failed = Ошибка настройки TLS: { $error }

## Keyring and settings errors

secrets-locked = Хранилище ключей заблокировано: разблокируйте его в диспетчере паролей рабочего стола
secrets-denied = Доступ к хранилищу ключей запрещен: подтвердите запрос диспетчера паролей или разрешите ksc-link его использовать
secrets-unsupported = На этой платформе нет хранилища ключей: пароли нельзя сохранить
secrets-bad-data = Элемент хранилища ключей { $key } содержит недопустимый текст (он изменен вне ksc-link): удалите его и сохраните значение снова
secrets-other = Ошибка хранилища ключей: { $detail }
secrets-timeout = Хранилище ключей не ответило за { $seconds } с: возможно, диспетчер паролей ждет ответа в своем окне (оно может быть закрыто другими окнами); ответьте на запрос и повторите попытку
secrets-unavailable-windows = Диспетчер учетных данных Windows недоступен ({ $detail })
secrets-unavailable = Служба хранилища ключей недоступна ({ $detail }): установите и запустите gnome-keyring или KeePassXC с включенной интеграцией Secret Service, затем повторите попытку
settings-no-config-dir = Для этого пользователя неизвестна папка конфигурации: укажите в { $variable } папку, доступную для записи
settings-not-a-file = Путь к параметрам { $path } не указывает на файл
settings-io = Не удалось сохранить параметры в { $path }: ошибка при операции «{ $step }»: { $error }
settings-step-create-dir = создание папки
settings-step-write-temp = запись временной копии в той же папке
settings-step-replace = замена файла
settings-encode = Не удалось записать параметры в формате TOML: { $error }
settings-invalid-pin = { $pin } не является отпечатком SHA-256 (64 шестнадцатеричные цифры)

## Hierarchy operations

ops-name-taken = В группе { $group } уже есть подчиненный Сервер с именем { $name }; выберите другое отображаемое имя
ops-name-free = имя { $name } в группе { $group } свободно
ops-link-timeout = Подчиненный Сервер не подключился за { $seconds } с (последний статус: { $status }); проверьте, что порт { $port } сервера «{ $target }» принимает подключения{ $proxy_hint }
ops-target-primary = главный
ops-target-secondary-dmz = подчиненный (DMZ: главный подключается к нему)
ops-proxy-hint = , а прокси-сервер { $proxy } пропускает подчиненный Сервер
ops-registration-gone = Главный Сервер больше не показывает подчиненный (id { $id }): его удалили тем временем
ops-failed-while = Ошибка на этапе «{ $stage }»: { $error }
ops-then-rolled-back = . Откат выполнен: { $steps }
ops-then-kept = . Записанное сохранено (регистрация id { $id }); повторите или выполните откат
ops-then-kept-nothing = . Ничего не зарегистрировано; повторите
ops-then-rollback-failed = . Откат не удался: { $steps }
ops-restored-section = восстановлены прежние параметры иерархии подчиненного Сервера
ops-restore-failed = не удалось восстановить параметры подчиненного Сервера: { $error }
ops-deleted-registration = удалена регистрация (id { $id }) на главном Сервере
ops-registration-already-gone = регистрации (id { $id }) уже не было
ops-delete-failed = не удалось удалить регистрацию (id { $id }): { $error }
ops-registered-as = зарегистрирован с id { $id } в группе { $group }
ops-already-registered = На главном Сервере администрирования сертификат этого подчиненного Сервера уже зарегистрирован как { $name } (id { $id }) в группе { $group }; сертификат можно зарегистрировать только один раз: удалите эту регистрацию на главном Сервере, укажите ее имя и группу или замените ее (откат зарегистрирует ее снова)
ops-kept-other-certificate = Сохраненная ранее регистрация (id { $id }) сделана с другим сертификатом, чем выбранный сейчас; удалите ее на главном Сервере администрирования или снова выберите тот сертификат
ops-secondary-points-at = подчиненный Сервер теперь указывает на { $primary }
ops-secondary-points-at-not-read-back = подчиненный Сервер принял параметры с адресом { $primary }, но прочитать их обратно не удалось ({ $error }); соединение покажет, применены ли они
ops-registered-otherwise = На главном Сервере этот подчиненный Сервер уже зарегистрирован как { $name } (id { $id }) в этой группе, { $registered }, а план регистрирует его { $planned }; режим и адрес в DMZ у регистрации изменить нельзя, можно только заменить регистрацию
ops-mode-dmz = в режиме DMZ по адресу { $address }
ops-mode-normal = не в режиме DMZ
ops-restored-replaced = замененный подчиненный Сервер { $name } снова зарегистрирован (id { $id })
ops-restore-replaced-failed = не удалось снова зарегистрировать замененный подчиненный Сервер { $name }: { $error }
ops-replaced = удалена заменяемая регистрация (id { $old }), затем подчиненный Сервер зарегистрирован с id { $id } в группе { $group }
ops-then-unconfirmed = . Ответ на регистрацию потерян, и не удалось спросить главный Сервер администрирования, зарегистрировал ли он подчиненный Сервер; «Повторить» сначала ищет эту регистрацию и использует ее, поэтому вторая не создается
ops-adopted = использована регистрация, уже имеющаяся на главном Сервере (id { $id }), с именем { $name } в группе { $group }
ops-registered-answer-lost = зарегистрирован с id { $id } в группе { $group } (ответ был потерян; главный Сервер подтвердил регистрацию по запросу)
ops-unconfirmed-not-registered = главный Сервер администрирования не зарегистрировал подчиненный Сервер
ops-lookup-failed = не удалось спросить главный Сервер администрирования, зарегистрировал ли он подчиненный Сервер: { $error }

## Certificate card

cert-card-subject = Субъект
cert-card-issuer = Издатель
cert-card-self-signed = { $issuer } (самоподписанный)
cert-card-valid = Действителен
cert-card-validity = с { $from } по { $to }
cert-card-key = Ключ
cert-card-key-bits = { $algorithm } { $bits } бит
cert-card-warning = Внимание: { $warning }

## Wizard: frame, buttons and step titles

wizard-header = Добавление подчиненного Сервера администрирования — шаг { $step } из { $count }
wizard-step-group = Группа администрирования
wizard-step-server = Подчиненный Сервер администрирования
wizard-step-certificate = Сертификат подчиненного Сервера администрирования
wizard-step-connection = Параметры подключения
wizard-step-credentials = Учетные данные на подчиненном Сервере администрирования
wizard-step-summary = Сводка
wizard-step-finish = Создание иерархии
wizard-step-result = Результат
wizard-cancel = Отмена
wizard-back = Назад
wizard-next = Далее
wizard-finish = Готово
wizard-done = Закрыть
wizard-discard-question = Отменить введенные данные и закрыть мастер?
wizard-keep-editing = Продолжить ввод
wizard-discard = Отменить
wizard-try-again = Повторить
dialog-filter-certificates = Сертификаты
dialog-filter-all-files = Все файлы
dialog-unavailable = На этом рабочем столе не удается открыть окно выбора файла: нужен портал выбора файлов (например, xdg-desktop-portal-gtk) или zenity. Введите или вставьте путь к файлу:
dialog-path-placeholder = Полный путь к файлу
dialog-path-open = Открыть
dialog-unavailable-save = На этом рабочем столе не удается открыть окно выбора файла: нужен портал выбора файлов (например, xdg-desktop-portal-gtk) или zenity. Введите или вставьте путь, по которому сохранить файл:
dialog-path-save = Сохранить
file-read-interrupted = чтение файла прервано: { $error }
wizard-save-primary-certificate-title = Сохранить сертификат главного Сервера
wizard-write-failed = не удалось записать { $path }: { $error }
wizard-presented-certificate-unreadable = { $address } предъявил сертификат, который не удается прочитать: { $error }

## Wizard: what keeps a step from being complete

wizard-issue-choose-group = Выберите группу, в которой появится подчиненный Сервер
wizard-issue-reading-names = Чтение имен, уже используемых в группе…
wizard-issue-get-certificate = Получите сертификат с подчиненного Сервера или выберите его файл
wizard-issue-confirm-certificate = Сравните отпечаток с отпечатком на подчиненном Сервере и подтвердите
wizard-issue-proxy-user = Введите имя пользователя прокси-сервера, к которому относится пароль
wizard-issue-secondary-address-needed = Адрес подчиненного Сервера нужен, чтобы подключиться к нему и настроить его: введите его на шаге «{ wizard-step-server }»
wizard-issue-logging-in = Вход на подчиненный Сервер…
wizard-issue-two-step-not-set-up = Для этой учетной записи обязательна двухэтапная проверка, но она еще не настроена
wizard-issue-wrong-code = Подчиненный Сервер отклонил последний код; введите текущий
wizard-issue-check-credentials = Чтобы продолжить, проверьте учетные данные

## Wizard: group

wizard-group-intro = Выберите группу администрирования, в которой подчиненный Сервер администрирования появится на этом Сервере.
wizard-group-search = Поиск групп
wizard-group-no-match = Нет групп, соответствующих условию поиска.
wizard-group-chosen = Выбрана группа: { $name }
wizard-group-reading-names = Чтение подчиненных Серверов группы…
wizard-group-names-failed = Не удалось прочитать подчиненные Серверы этой группы: { $error }

## Wizard: server

wizard-server-dmz = Подключить главный Сервер администрирования к подчиненному Серверу администрирования в демилитаризованной зоне
wizard-server-explain-dmz = DMZ: главный Сервер будет подключаться к подчиненному по этому адресу и SSL-порту, поэтому адрес обязателен, а SSL-порт подчиненного Сервера должен принимать подключения от главного.
wizard-server-explain = Подчиненный Сервер будет сам подключаться к главному. Здесь его адрес необязателен, но он нужен приложению, чтобы получить сертификат подчиненного Сервера и настроить его.
wizard-server-name-placeholder = Офис в Берлине
wizard-server-address-optional = Адрес подчиненного Сервера администрирования (необязательно)

## Wizard: certificate

wizard-certificate-intro = Главный Сервер доверяет подчиненному по этому сертификату. Получите его с подчиненного Сервера или выберите файл klserver.cer, скопированный с него.
wizard-certificate-fetch = Получить с подчиненного Сервера администрирования
wizard-certificate-browse = Выбрать файл сертификата
wizard-certificate-needs-address = Чтобы получить сертификат с подчиненного Сервера, укажите его адрес и SSL-порт на предыдущем шаге.
wizard-certificate-fetching = Получение сертификата с подчиненного Сервера…
wizard-certificate-reading-file = Чтение файла сертификата…
wizard-certificate-fetch-failed = Не удалось получить сертификат: { $error }. Проверьте адрес и SSL-порт или выберите файл сертификата.
wizard-certificate-from-file = Из файла { $path }
wizard-certificate-presented-by = Предъявлен сервером { $address } (при получении ничему не доверяли)
wizard-certificate-confirm = Я сравнил отпечаток с отпечатком, показанным на подчиненном Сервере

## Wizard: connection

wizard-connection-explain-dmz = В режиме DMZ главный Сервер подключается к подчиненному; подчиненный Сервер все равно хранит адрес и сертификат главного, чтобы его узнавать.
wizard-connection-explain = Подчиненный Сервер подключается к главному по этому адресу и SSL-порту.
wizard-connection-primary-ssl-port = SSL-порт главного Сервера администрирования
wizard-connection-use-proxy = Подчиненный Сервер использует прокси-сервер для подключения к главному
wizard-connection-proxy-user-optional = Имя пользователя прокси-сервера (необязательно)
wizard-connection-proxy-password = Пароль прокси-сервера
wizard-connection-proxy-password-note = Пароль прокси-сервера записывается на подчиненный Сервер в зашифрованном для него виде и хранится в системном хранилище ключей для следующего подчиненного Сервера; в файл настроек приложение его никогда не записывает.
wizard-connection-proxy-password-filled = Пароль прокси-сервера подставлен из системного хранилища ключей.
wizard-connection-proxy-password-unreadable = Не удалось прочитать сохраненный пароль прокси-сервера из системного хранилища ключей: { $error }

## Wizard: credentials

wizard-credentials-intro = Пользователь с правами на будущем подчиненном Сервере. Приложение входит под ним, чтобы проверить учетные данные, а затем — чтобы настроить подчиненный Сервер.
wizard-credentials-user-placeholder = Администратор
wizard-credentials-password = Пароль
wizard-credentials-domain-account = Доменная учетная запись или учетная запись ОС (не внутренний пользователь KSC)
wizard-credentials-domain = Домен
wizard-credentials-code-asked = Подчиненный Сервер запрашивает { $length }-значный код безопасности из приложения-аутентификатора.
wizard-credentials-submit-code = Отправить код
wizard-credentials-check = Проверить учетные данные
wizard-credentials-verified = Вход на подчиненный Сервер выполнен: учетные данные верны.
wizard-credentials-two-step-title = Для этой учетной записи требуется двухэтапная проверка, но она еще не настроена
wizard-credentials-two-step-advice = Настройте ее для этой учетной записи (один раз войдите в Web Console подчиненного Сервера) или создайте иерархию со стороны подчиненного Сервера: сохраните сертификат этого главного Сервера, передайте его администратору подчиненного Сервера и на подчиненном Сервере выберите «Этот Сервер администрирования является подчиненным в иерархии», указав адрес этого Сервера и файл сертификата.
wizard-credentials-save-primary-certificate = Сохранить сертификат главного Сервера…
wizard-credentials-saved-as = Сохранено в { $path }
wizard-credentials-certificate-changed = Порт Open API подчиненного Сервера предъявляет другой сертификат (SHA-256 { $fingerprint }), чем подтвержденный на шаге сертификата. Ничего не отправлено. Проверьте, что адрес принадлежит подчиненному Серверу, или выберите файл его сертификата на шаге сертификата.
wizard-credentials-unreachable = { $error }. Проверьте адрес и порт API подчиненного Сервера или укажите его сертификат вручную (выберите файл на шаге сертификата).
wizard-credentials-register-only = Только зарегистрировать на этом Сервере
wizard-credentials-register-only-hint = Затем администратор подчиненного Сервера завершает настройку на своем Сервере с помощью сертификата этого Сервера или файла присоединения; отсюда на подчиненном Сервере ничего не изменяется.
wizard-credentials-register-only-compare = При регистрации только на этом Сервере сертификат больше ничем не проверяется: перед регистрацией сравните его отпечаток SHA-256 { $fingerprint } с тем, который администратор подчиненного Сервера прочитает на этом Сервере.

## Wizard: summary

wizard-summary-intro = Пока ничего не записано. Кнопка «Готово» запишет ровно это, а затем дождется подключения подчиненного Сервера.
wizard-summary-on-primary = На главном Сервере (регистрация подчиненного)
wizard-summary-on-secondary = На подчиненном Сервере (параметры главного Сервера)
wizard-report-copy = Копировать отчет
wizard-report-save = Сохранить отчет…
wizard-report-copied = Отчет скопирован в буфер обмена.
wizard-report-saved = Отчет сохранен в файл { $path }
wizard-report-text-filter = Текст
wizard-preflight-again = Проверить снова
wizard-preflight-running = Проверка с этого компьютера…
wizard-preflight-hint = Проверяет перед «Готово» то, что видно с этого компьютера: кто к кому подключается и сертификат этого порта, адрес главного Сервера, как его использует подчиненный, текущий сертификат подчиненного Сервера, петли, роли Серверов, версии и платформы, ограничение главного Сервера на подчиненные, отображаемое имя и двухэтапную проверку.
wizard-preflight-blocks = «Готово» недоступна, пока ошибки выше не устранены (или параметры не изменены).
wizard-summary-save-plan = Сохранить как файл плана…
wizard-summary-save-plan-hint = Тот же план без паролей, для запуска из сценария: ksc-link add-secondary --plan ФАЙЛ
wizard-summary-plan-saved = План сохранен как { $path }.
wizard-summary-change = Изменить
wizard-summary-attention = Некоторые параметры требуют внимания:
wizard-summary-register-only-intro = Только регистрация: пока ничего не записано, и на подчиненном Сервере ничего не будет записано. Кнопка «Готово» зарегистрирует подчиненный Сервер на этом Сервере, а его администратор завершит настройку на подчиненном Сервере.
wizard-summary-secondary-admin = Что должен сделать администратор на подчиненном Сервере
wizard-register-step-open = Откройте свойства Сервера администрирования (или страницу «{ home-this-server-is-secondary }» в этом приложении) и установите флажок «{ plan-use-master }».
wizard-register-step-address = Укажите адрес этого Сервера { $address } и SSL-порт { $port }.
wizard-register-step-certificate = Выберите сертификат этого Сервера klserver.cer (SHA-256 { $fingerprint }) или импортируйте файл присоединения, экспортированный с этого Сервера.
wizard-register-step-dmz = Установите флажок «{ wizard-server-dmz }».
wizard-register-step-save = Сохраните. Затем подчиненный Сервер подключится к этому Серверу и будет показан здесь как активный.
wizard-register-step-save-dmz = Сохраните. Затем этот Сервер подключится к подчиненному, и тот будет показан здесь как активный.

## Wizard: finish

stage-check = проверка обоих Серверов
stage-register = регистрация подчиненного Сервера на главном
stage-configure-secondary = настройка подчиненного Сервера
stage-wait-for-link = ожидание подключения подчиненного Сервера
wizard-finish-stage-done = Выполнено: { $stage }: { $detail }
wizard-finish-stage-running = { $stage }…{ $waited }
wizard-finish-stage-pending = Ожидает: { $stage }
wizard-finish-waiting = { " " }({ $seconds } с, статус: { $status })
wizard-finish-incomplete = Параметры заполнены не полностью или вход на подчиненный Сервер не выполнен; вернитесь и проверьте их.
wizard-finish-rolled-back = Изменения отменены: { $steps }.
wizard-finish-rollback-failed = Не удалось отменить изменения: { $steps }.
wizard-finish-not-created = Иерархия не создана
wizard-finish-written-registration = регистрация подчиненного Сервера на главном (ID { $id })
wizard-finish-written-unconfirmed = возможно, регистрация подчиненного Сервера на главном (ответ на нее потерян)
wizard-finish-written-section = параметры главного Сервера на подчиненном
wizard-finish-written-so-far = Уже записано: { $what }.
wizard-finish-written-so-far-both = Уже записано: { $first } и { $second }.
wizard-finish-section-unconfirmed = Подчиненный Сервер не подтвердил параметры главного Сервера: отклоненная запись оставляет его параметры прежними, а откат все равно восстанавливает их на случай, если запись прошла.
wizard-finish-choices = Повторите, чтобы завершить создание иерархии, откатите, чтобы удалить записанное, или оставьте как есть.
wizard-finish-kept = Все введенные данные сохранены: повторите попытку или измените параметры.
wizard-finish-retry = Повторить
wizard-finish-replace = Заменить регистрацию { $id }
wizard-finish-roll-back = Откатить
wizard-finish-keep = Оставить записанное
wizard-finish-change-settings = Изменить параметры
wizard-finish-working = Выполняется… Окном можно пользоваться; ничего делать не нужно.

## Wizard: result

status-active = Активен
status-inactive = Неактивен
status-unknown = Неизвестно
wizard-result-register-only = Подчиненный Сервер зарегистрирован только на этом Сервере. Его статус остается «Неактивен», пока администратор подчиненного Сервера не завершит настройку на своем Сервере; нажмите «Обновить», чтобы проверить. Передайте ему сертификат этого Сервера или файл присоединения с его адресом и сертификатом:
wizard-result-save-certificate = Сохранить сертификат этого Сервера…
wizard-result-export-join-file = { home-export-join-file }
wizard-result-reading = Чтение подчиненного Сервера с главного…
wizard-result-read-failed = Не удалось прочитать подчиненный Сервер: { $error }
wizard-result-not-listed = Главный Сервер не показывает подчиненный Сервер в группе { $group }.
wizard-result-active = Подчиненный Сервер администрирования «{ $name }» активен в группе { $group }.
wizard-result-inactive = Подчиненный Сервер администрирования «{ $name }» есть в группе { $group }, но еще не активен.
wizard-result-status = Статус
wizard-result-version = Версия
wizard-result-version-unknown = неизвестна
wizard-result-last-connection = Последнее подключение
wizard-result-never = никогда
wizard-result-id = ID на главном Сервере
wizard-result-refresh = Обновить

## Prerequisites

prereq-title = Предварительные условия интеграции с Autotask
prereq-intro = Используйте отдельного пользователя Autotask с уровнем безопасности API User, для которого установлен параметр «Не требовать смены пароля». Каждой компании-клиенту нужен свой виртуальный Сервер администрирования и активная учетная запись клиента в Autotask.
prereq-user-name = Имя API-пользователя
prereq-secret = Секрет
prereq-integration-code = Код интеграции (API tracking identifier)
prereq-discovery-url = URL-адрес обнаружения зоны
prereq-remember = Запомнить секрет и код интеграции в системном хранилище ключей
prereq-check-all = Проверить все
prereq-back = Назад
prereq-secret-unreadable = Не удалось прочитать сохраненный секрет: { $error }
prereq-not-checked = не проверено
prereq-checking = проверка…
prereq-what-to-do = Что делать: { $action }
prereq-check-ksc = Подключение к Kaspersky Security Center
prereq-check-vservers = Найдены виртуальные Серверы администрирования (хотя бы один)
prereq-check-zone = Найдена зона Autotask для пользователя
prereq-check-api-user = Вызов с проверкой подлинности выполняется (уровень безопасности API User)
prereq-check-companies = Разрешены запросы к компаниям
prereq-check-budget = Израсходованная часть лимита запросов Autotask
prereq-check-password = Не требовать смены пароля
prereq-check-accounts = Виртуальные Серверы администрирования и активные учетные записи клиентов
prereq-password-step = { $number }. { $step }
prereq-password-step-1 = В Autotask выберите Admin › Features & Settings, разверните узел Resources/Users и нажмите Resources/Users.
prereq-password-step-2 = Нажмите правой кнопкой мыши на имя пользователя в столбце Resource Name и выберите Edit Resource.
prereq-password-step-3 = В открывшемся окне Resource Management выберите закладку Security и в раскрывающемся списке Security Level выберите API User.
prereq-password-step-4 = Нажмите на кнопку Save & Close.
prereq-password-step-5 = Выберите Admin › Features & Settings, разверните узел Resources/Users и нажмите Security Levels.
prereq-password-step-6 = В открывшемся окне Security Levels нажмите на значок карандаша рядом со значением API User в столбце Name.
prereq-password-step-7 = В открывшемся окне Security Level разверните узел Other и установите флажок Not required to change password (password does not expire) — «Не требовать смены пароля (срок действия пароля не истекает)».
prereq-password-step-8 = Нажмите Save & Close.
prereq-confirmed = подтверждено администратором
prereq-ksc-answers = Сервер администрирования отвечает
prereq-ksc-todo = Проверьте подключение к Серверу администрирования и войдите снова.
prereq-no-vservers = на Сервере администрирования нет виртуальных Серверов администрирования
prereq-no-vservers-todo = Создайте виртуальный Сервер администрирования для каждой компании-клиента, у которой есть учетная запись в Autotask, и выполните проверку снова.
prereq-vservers-found = { $count ->
    [one] { $count } виртуальный Сервер администрирования
    [few] { $count } виртуальных Сервера администрирования
   *[many] { $count } виртуальных Серверов администрирования
}
prereq-counts = { $vservers ->
    [one] { $vservers } виртуальный Сервер администрирования
    [few] { $vservers } виртуальных Сервера администрирования
   *[many] { $vservers } виртуальных Серверов администрирования
} и { $accounts ->
    [one] { $accounts } активная учетная запись клиента
    [few] { $accounts } активные учетные записи клиентов
   *[many] { $accounts } активных учетных записей клиентов
}
prereq-accounts-todo = Каждый виртуальный Сервер администрирования сопоставляется ровно с одной учетной записью: создайте в Autotask активную учетную запись типа Customer для каждой компании-клиента или удалите виртуальные Серверы администрирования, которые не относятся к клиентам.
prereq-mapping-todo = Проверьте сопоставление.
prereq-signed-in = { $user }: вход выполнен (API { $version })
prereq-budget = { $used } из { $limit } запросов в текущем интервале ({ $minutes } мин.; { $percent } %)
prereq-budget-todo = Лимит запросов общий для всех интеграций этого экземпляра Autotask: перед сопоставлением дождитесь окончания интервала или приостановите другие интеграции.

## Autotask errors

autotask-error-setup = не удается настроить клиент Autotask: { $detail }
autotask-error-credential-empty = { $field ->
    [secret] секрет Autotask не указан: введите его снова
    [code] код интеграции Autotask не указан: введите его снова
   *[user] имя пользователя Autotask не указано: введите его снова
}
autotask-error-credential-unsendable = { $field ->
    [secret] секрет Autotask нельзя отправить (он содержит переводы строк или управляющие символы): введите его снова
    [code] код интеграции Autotask нельзя отправить (он содержит переводы строк или управляющие символы): введите его снова
   *[user] имя пользователя Autotask нельзя отправить (оно содержит переводы строк или управляющие символы): введите его снова
}
autotask-error-unknown-user = Autotask не знает пользователя «{ $user }» (его зону не удалось определить): проверьте имя API-пользователя (сгенерированный «ключ», например abc123@example.com)
autotask-error-discovery = не удалось определить зону Autotask по адресу { $url }: { $detail }
autotask-error-authentication = Autotask отклонил пользователя «{ $user }»: секрет неверен, или уровень безопасности пользователя не «API User» (REST принимает только API-пользователей), или истек срок действия его пароля; некоторые экземпляры Autotask так же отвечают на неверный код интеграции. Сначала проверьте секрет и не повторяйте попытки много раз: учетная запись может быть заблокирована
autotask-error-integration-code = Autotask отклонил код интеграции (API tracking identifier): снова скопируйте идентификатор «Custom (Internal Integration)» со страницы API-пользователя в Autotask
autotask-error-permission = { $action ->
    [read] API-пользователь Autotask не может читать { $entity }: предоставьте его уровню безопасности доступ к { $entity } (Admin › Resources/Users › Security Levels)
   *[query] API-пользователь Autotask не может запрашивать { $entity }: предоставьте его уровню безопасности доступ к { $entity } (Admin › Resources/Users › Security Levels)
}
autotask-error-rate-limited = лимит запросов этого экземпляра Autotask исчерпан (он общий для всех интеграций): подождите { $seconds } с и повторите попытку
autotask-error-not-found = { $entity } { $id } не существует в Autotask
autotask-error-invalid-query = недопустимый запрос Autotask: { $detail }
autotask-error-api = Autotask ответил HTTP { $status } на { $request }: { $details }
autotask-error-no-details = без подробностей
autotask-error-bad-response = не удается прочитать ответ Autotask на { $request }: { $detail }
autotask-error-paging = не удается перейти по страницам Autotask для { $request }: { $detail }
autotask-error-certificate = сервер Autotask { $host } предъявил сертификат SHA-256 { $presented }, а не доверенный { $expected }
autotask-error-timeout = Autotask не ответил на { $request } за { $seconds } с
autotask-error-query-deadline = Autotask не передал все записи { $entity } за { $seconds } с (прочитано страниц: { $pages }): экземпляр Autotask отвечает медленно или его лимит запросов почти исчерпан
autotask-todo-setup = Проверьте URL-адрес обнаружения зоны и параметры прокси-сервера, затем выполните проверку снова.
autotask-todo-credential = { $field ->
    [secret] Введите секрет Autotask снова (скопируйте его со страницы API-пользователя).
    [code] Введите код интеграции Autotask снова (скопируйте его со страницы API-пользователя).
   *[user] Введите имя пользователя Autotask снова (скопируйте его со страницы API-пользователя).
}
autotask-todo-unknown-user = Проверьте имя API-пользователя: это сгенерированный ключ (например, abc123@example.com), показанный на странице API-пользователя в Autotask.
autotask-todo-network = Проверьте URL-адрес обнаружения зоны, доступ этого компьютера к интернету и параметры прокси-сервера, затем выполните проверку снова.
autotask-todo-authentication = Сначала проверьте секрет. Убедитесь, что у пользователя уровень безопасности API User (единственный, который принимает REST API) и что срок действия его пароля не истек; затем проверьте код интеграции. Не повторяйте попытки много раз: учетная запись может быть заблокирована.
autotask-todo-integration-code = Снова скопируйте идентификатор API tracking identifier «Custom (Internal Integration)» со страницы API-пользователя в Autotask.
autotask-todo-permission = Предоставьте уровню безопасности API-пользователя доступ к { $entity } (Admin › Resources/Users › Security Levels).
autotask-todo-rate-limited = Часовой лимит запросов экземпляра Autotask (общий для всех интеграций) исчерпан: подождите { $seconds } с, затем выполните проверку снова.
autotask-todo-certificate = Сертификат сервера Autotask не совпадает с доверенным: проверьте URL-адрес обнаружения зоны и сертификат, прежде чем доверять ему.
autotask-todo-later = Повторите проверку позже; если ошибка не исчезнет, сообщите текст сообщения в службу поддержки Autotask.

## Mapping

count-workspaces = { $count ->
    [one] { $count } рабочее пространство
    [few] { $count } рабочих пространства
   *[many] { $count } рабочих пространств
}
mapping-title = Сопоставление виртуальных Серверов администрирования с учетными записями Autotask
mapping-title-workspaces = Сопоставление рабочих пространств с учетными записями Autotask
mapping-loading = Загрузка виртуальных Серверов администрирования и всех компаний Autotask…
mapping-load-failed = Не удается показать сопоставление: { $error }
mapping-no-credentials = Секрет и код интеграции Autotask для { $user } не сохранены: откройте страницу предварительных условий, введите их, установите флажок «Запомнить» и выполните проверку снова.
mapping-count-mapped = сопоставлено: { $count }
mapping-count-unmapped = не сопоставлено: { $count }
mapping-count-accounts = { $count ->
    [one] { $count } активная учетная запись клиента
    [few] { $count } активные учетные записи клиентов
   *[many] { $count } активных учетных записей клиентов
}
mapping-too-few-accounts = Виртуальных Серверов администрирования ({ $vservers }) больше, чем активных учетных записей клиентов ({ $accounts }): каждому виртуальному Серверу администрирования нужна своя учетная запись. Создайте недостающие учетные записи типа Customer в Autotask.
mapping-filter-all = Все
mapping-filter-suggested = Предложенные
mapping-filter-unmapped = Несопоставленные
mapping-filter-mapped = Сопоставленные
mapping-confirm-all = Подтвердить все предложения
mapping-row-mapped = Сопоставлен с { $company }
mapping-row-suggested = Предложение: { $company } ({ $score } %, { $reason })
mapping-row-unmapped = Не сопоставлен
mapping-confirm = Подтвердить
mapping-choose = Выбрать учетную запись…
mapping-unmap = Отменить сопоставление
mapping-unknown-company = компания №{ $id } (нет в Autotask)
mapping-picker-title = Учетная запись Autotask для { $vserver }
mapping-search = Поиск по названию
mapping-show-all = Показывать все компании, а не только активных клиентов
mapping-picker-none = Подходящих учетных записей нет.
mapping-picker-more = Показаны только первые { $shown } совпадений: уточните название.
mapping-taken-by = { $company } — занята: { $vserver }
mapping-refused-taken = { $company } уже сопоставлена с { $vserver }: каждая учетная запись принадлежит одному виртуальному Серверу администрирования. Сначала отмените то сопоставление.
mapping-close-picker = Закрыть
mapping-save = Сохранить
mapping-saved = Сопоставление сохранено.
mapping-save-failed = Сопоставление не сохранено: { $error }. Оно остаётся в том виде, как вы его изменили; нажмите «Сохранить», чтобы повторить.
mapping-export = Экспорт в CSV…
mapping-exported = Сопоставление экспортировано в { $path }.
mapping-import = Импорт из CSV…
mapping-import-help = Импорт CSV-файла заменяет сопоставление показанных здесь виртуальных Серверов администрирования сопоставлением из файла (столбцы vserver_uid и company_id). Файл хотя бы с одной ошибкой не применяется совсем, а все ошибки перечисляются с номерами строк, поэтому частичного импорта не бывает.
mapping-file-not-text = { $path } не является текстом в кодировке UTF-8 (недопустимый байт со смещением { $offset }): сохраните его как CSV в UTF-8 и импортируйте снова.
mapping-imported = { $count ->
    [one] Импорт выполнен: сопоставлен { $count } виртуальный Сервер администрирования ({ $path }).
    [few] Импорт выполнен: сопоставлено { $count } виртуальных Сервера администрирования ({ $path }).
   *[many] Импорт выполнен: сопоставлено { $count } виртуальных Серверов администрирования ({ $path }).
}
mapping-import-failed = { $count ->
    [one] Ничего не импортировано: ошибка в { $count } строке. Исправьте файл и импортируйте его снова.
   *[other] Ничего не импортировано: ошибки в { $count } строках. Исправьте файл и импортируйте его снова.
}
mapping-unmapped-warning = { $count ->
    [one] { $count } виртуальный Сервер администрирования остался несопоставленным: интеграция не увидит его устройства. Все равно сохранить?
    [few] { $count } виртуальных Сервера администрирования остались несопоставленными: интеграция не увидит их устройства. Все равно сохранить?
   *[many] { $count } виртуальных Серверов администрирования остались несопоставленными: интеграция не увидит их устройства. Все равно сохранить?
}
mapping-save-anyway = Все равно сохранить
mapping-keep-editing = Продолжить изменение
mapping-unsaved = В сопоставлении есть несохраненные изменения. Выйти без сохранения?
mapping-leave = Выйти без сохранения
mapping-back = Назад
mapping-reason-same = одинаковое название
mapping-reason-normalised = одинаковое название без учета знаков препинания и правовой формы
mapping-reason-transliterated = одинаковое название в другом алфавите
mapping-reason-spacing = одинаковое название без учета пробелов
mapping-reason-similar = похожее название
mapping-error-company-taken = компания Autotask { $company } уже сопоставлена с виртуальным Сервером администрирования «{ $vserver }»
mapping-problem-unknown-company = виртуальный Сервер администрирования «{ $vserver }» сопоставлен с компанией Autotask { $company }, которой не существует
mapping-problem-company-twice = компания Autotask { $company } сопоставлена с несколькими виртуальными Серверами администрирования: { $vservers }
mapping-problem-vserver-gone = виртуальный Сервер администрирования «{ $vserver }» (сопоставлен с компанией { $company }) больше не существует
mapping-problem-too-few-accounts = виртуальных Серверов администрирования: { $vservers }, а активных учетных записей клиентов — только { $accounts }: для сопоставления один к одному каждому виртуальному Серверу администрирования нужна своя учетная запись
csv-unclosed-quote = строка { $line }: поле в кавычках не закрыто
csv-malformed = строка { $line }: текст не читается как CSV ({ $detail })
csv-not-a-file = { $path } — не обычный файл (папка, устройство или канал): выберите сам CSV-файл
csv-too-large = { $path } больше { $limit } МБ: это не экспорт учетных записей или рабочих областей; выберите сам CSV-файл
csv-row-error = строка { $row }: { $problem }
csv-missing-column = в заголовке нет столбца «{ $column }»
csv-no-vserver = не указан UID виртуального Сервера администрирования
csv-unknown-vserver = неизвестный виртуальный Сервер администрирования «{ $uid }»
csv-duplicate-vserver = виртуальный Сервер администрирования «{ $uid }» уже указан в строке { $first_row }
csv-bad-company-id = ID компании «{ $id }» не является числом
csv-unknown-company = неизвестная компания Autotask { $id }
csv-company-used = компания Autotask { $company } уже сопоставлена в строке { $first_row }

## KES Cloud

kes-source = Источник
kes-source-ksc = Kaspersky Security Center
kes-source-cloud = Kaspersky Endpoint Security Cloud
kes-email = Адрес электронной почты учетной записи
kes-password = Пароль
kes-workspaces = Рабочие пространства, по одному в строке
kes-import = Импорт рабочих пространств из CSV…
kes-not-verifiable = У Kaspersky Endpoint Security Cloud нет открытого API для получения списка рабочих пространств: введите их или импортируйте CSV-файл, экспортированный из консоли. Адрес электронной почты и пароль хранятся в системном хранилище ключей, но это приложение не может проверить их через интернет.
kes-check-credentials = Учетные данные KES Cloud указаны
kes-check-workspaces = Рабочие пространства перечислены (хотя бы одно)
kes-credentials-ok = { $email }: хранится в системном хранилище ключей (через интернет не проверяется)
kes-credentials-todo = Введите адрес электронной почты и пароль учетной записи Kaspersky Endpoint Security Cloud.
kes-password-missing = пароль не введен
kes-password-unreadable = Не удалось прочитать сохраненный пароль KES Cloud: { $error }
kes-workspaces-todo = Введите рабочие пространства, по одному в строке, или импортируйте CSV-файл, экспортированный из консоли.
kes-imported = { $count ->
    [one] Импортировано { $count } рабочее пространство из { $path }.
    [few] Импортировано { $count } рабочих пространства из { $path }.
   *[many] Импортировано { $count } рабочих пространств из { $path }.
}
kes-error-unreadable = файл рабочих пространств не является CSV-файлом: { $detail }
kes-error-no-name-column = строка { $line }: в заголовке нет столбца с именем { $expected }
kes-error-duplicate = строка { $line }: рабочее пространство «{ $name }» уже указано в строке { $first_line }
kes-error-empty = рабочие пространства не указаны
kes-error-email-empty = введите адрес электронной почты учетной записи KES Cloud
kes-error-email-malformed = «{ $email }» не является адресом электронной почты (ожидается имя@домен.зона)

## Plan files (hierarchy::plan_file)
plan-secret-source = это не источник пароля: укажите "keyring", "env:ИМЯ" или "stdin" (сам пароль в файл не записывается никогда)
plan-missing-key = отсутствует
plan-not-a-plan = это не файл плана ksc-link (format должен быть "{ $expected }")
plan-version = версию { $found } эта версия ksc-link не читает (читает { $supported }); обновите ksc-link или сохраните план заново в мастере
plan-group-empty = группа не указана: напишите ее путь от корня, например "Управляемые устройства/Серверы"
plan-address-dmz = обязательно в режиме DMZ: главный Сервер подключается по этому адресу
plan-address-login = обязательно: ksc-link входит на подчиненный Сервер по этому адресу (или укажите register_only = true)
plan-certificate-choice = укажите "fetch" или путь к файлу klserver.cer подчиненного Сервера
plan-incomplete = план неполон
plan-override-not-a-table = этот ключ обозначает значение, а не таблицу
plan-unreadable = Не удается прочитать файл плана { $path }: { $error }
plan-too-large = он больше 1 МБ, слишком велик для файла плана
plan-not-text = это не текст UTF-8 (недопустимый байт по смещению { $offset })
plan-file-header = План ksc-link: добавление подчиненного Сервера администрирования (формат 1). Запуск: ksc-link add-secondary --plan ФАЙЛ [--dry-run]
plan-file-secrets = В этом файле нет секретов: для каждого пароля указан источник ("keyring", "env:ИМЯ" или "stdin").
run-plan-wrong-code = { $server } отклонил код двухэтапной проверки
run-plan-two-step-not-set-up = { $server }: учетная запись { $user } должна использовать двухэтапную проверку, но она не настроена; настройте ее в Web Console или зарегистрируйте Сервер только на главном (register_only = true)
run-plan-no-group = нет группы { $name } в { $parent }; есть: { $there }
run-plan-no-subgroups = подгрупп нет
run-plan-no-groups = главный Сервер не вернул групп администрирования
run-plan-certificate-mismatch = сертификат из { $from } имеет SHA-256 { $found }, а не { $expected }, как указано в плане; ничего не записано. Сверьте его с администратором подчиненного Сервера еще раз
run-plan-whose-password = пароль { $user } на { $server }
script-stdin-empty = стандартный ввод не дал строки для: { $what }
script-env-missing = переменная окружения { $name } не задана ({ $what })
script-keyring-missing = в хранилище ключей ОС нет пароля: { $what }; сохраните его командой: { $command }
script-code-prompt = Код двухэтапной проверки для { $server }
script-code-needed = { $server } запрашивает код двухэтапной проверки: укажите --totp-code или запустите в терминале
script-stage-started = … { $stage }
script-stage-done = ✓ { $stage }: { $detail }
script-waiting = … ожидание подключения подчиненного Сервера ({ $seconds } с)
script-dry-run = Пробный запуск: ничего не записано. Будет записано следующее:
script-done = Готово: { $name } (id { $id }) на главном Сервере, { $status }.
script-user-required = --user должен указывать пользователя
script-target-required = укажите Сервер (--server) или прокси-сервер (--proxy)
script-secret-stored = Сохранено в хранилище ключей ОС: { $what }.
script-csv-empty = в { $path } нет строки заголовка с ключами плана
script-batch-stdin = "stdin" не подходит для пакета (один стандартный ввод, много филиалов): используйте "keyring" или "env:ИМЯ"
script-batch-checked = проверено, ничего не записано
script-batch-done = готово: id { $id }, { $status }
script-batch-failed = ОШИБКА:
cli-not-pinned = для { $server } не закреплен сертификат: сначала выполните ksc-link connect или укажите --pin-sha256
cli-connect-mismatch = Сервер предъявляет SHA-256 { $presented }, а не { $expected }; ничего не отправлено
cli-connect-changed = ВНИМАНИЕ: для этого Сервера был закреплен { $pinned }; теперь он предъявляет { $presented }. Так бывает при обновлении сертификата, но и при перехвате соединения.
cli-connect-confirm-needed = подтвердите отпечаток выше: укажите --pin-sha256 со значением от администратора Сервера или запустите в терминале
cli-connect-confirm = Совпадает ли этот отпечаток SHA-256 с отпечатком от администратора Сервера? Введите yes, чтобы доверять ему:
cli-connect-not-trusted = не доверено; ничего не отправлено
cli-connect-done = Выполнен вход на { $server } как { $user } (Kaspersky Security Center { $version }); его сертификат закреплен.
cli-status-none = У этого Сервера нет подчиненных Серверов.
cli-status-group = Группа
cli-status-status = Статус
cli-status-version = Версия
cli-status-last-connected = Последнее подключение
cli-status-never = никогда
cli-detached = Этот Сервер больше не подчиненный (изменено параметров: { $count }).
cli-join-primary = Главный Сервер (адрес:SSL-порт)
cli-join-fingerprint = Сертификат главного Сервера (SHA-256)
cli-join-proxy = Прокси-сервер
cli-join-no-proxy = нет
cli-join-exported = Файл присоединения записан в { $path } (сертификат главного Сервера SHA-256 { $fingerprint }). Сообщите этот отпечаток администраторам подчиненных Серверов другим путем, не через файл.
cli-join-mismatch = сертификат в файле присоединения имеет SHA-256 { $found }, а не { $expected }, как подтверждено; ничего не записано
cli-join-imported = Этот Сервер теперь подчинен { $primary }.
run-plan-secondary-user = в плане не указан пользователь на подчиненном Сервере ([secondary] user)
run-plan-primary-certificate-unreachable = не удалось получить сертификат главного Сервера с { $at }, как его видит подчиненный Сервер ({ $error }); укажите его klserver.cer через --primary-certificate ФАЙЛ
cli-autotask-keyring-missing = в хранилище ключей ОС нет секрета или кода интеграции для пользователя Autotask { $user }: сохраните их один раз на странице предварительных требований или укажите --autotask-secret-env и --integration-code-env
cli-autotask-by-hand = подтвердите вручную в Autotask (Admin > Resources (Users) > Security Levels)
cli-mapping-imported = Импортирован { $path }: сопоставлено виртуальных Серверов: { $count }; сопоставление сохранено.
cli-mapping-accepted = Предложения приняты; сопоставлено виртуальных Серверов: { $count }; сопоставление сохранено.
script-whose-totp = секрет двухэтапной проверки { $user } на { $server }
secrets-totp-not-base32 = это не секрет двухэтапной проверки: нужен текст base32, показанный при ее настройке
secrets-totp-length = Сервер запрашивает код из { $digits } цифр, какой не создает ни один аутентификатор

## Certificate lifecycle (cert::lifecycle)
cert-life-reserve-due = Срок действия сертификата, которому доверяют для этого Сервера, истекает { $date } ({ $days ->
    [one] через { $days } день
    [few] через { $days } дня
   *[many] через { $days } дней
}). За 90 дней до истечения срока действия своего сертификата KSC создает резервный сертификат и заменяет им текущий за день до истечения ({ $swap }): с этого момента приложение покажет новый сертификат и попросит подтвердить его по отпечатку. Пользовательский сертификат не перевыпускается: если у этого Сервера такой сертификат, замените его вручную до истечения срока.
cert-life-expires-soon = Срок действия сертификата, которому доверяют для этого Сервера, скоро истекает: { $date }, { $days ->
    [0] менее чем через сутки
    [one] через { $days } день
    [few] через { $days } дня
   *[many] через { $days } дней
}. KSC заменяет сертификат резервным за день до истечения срока ({ $swap }); будьте готовы подтвердить новый сертификат по отпечатку. Пользовательский сертификат не перевыпускается: если у этого Сервера такой сертификат, замените его вручную сейчас.
cert-life-custom-due = Срок действия сертификата, которому доверяют для этого Сервера, истекает { $date } ({ $days ->
    [0] менее чем через сутки
    [one] через { $days } день
    [few] через { $days } дня
   *[many] через { $days } дней
}). Его выпустил { $issuer }, а не сам Сервер: пользовательский сертификат KSC не перевыпускает. Замените его вручную (klsetsrvcert) до этой даты; затем вас попросят подтвердить новый сертификат по отпечатку.
cert-life-expired = Срок действия сертификата, которому доверяют для этого Сервера, истек { $date }. KSC заменяет сертификат резервным за день до истечения срока, поэтому Сервер, скорее всего, уже предъявляет новый сертификат: вас попросят подтвердить его по отпечатку. Пользовательский сертификат не перевыпускается, его нужно заменить вручную.
cert-life-custom-expired = Срок действия сертификата, которому доверяют для этого Сервера, истек { $date }. Его выпустил { $issuer }, а не сам Сервер: пользовательский сертификат KSC не перевыпускает. Замените его вручную (klsetsrvcert).
cert-life-legacy = Он выпущен { $date }, до 1 сентября 2020 года, когда сертификаты KSC действовали пять лет; сертификаты, которые KSC создает сейчас, действуют 397 дней.
cert-life-trusted = Доверенный ранее
cert-life-presented = Предъявлен сейчас
cert-life-validity-unknown = неизвестно (сохранен только отпечаток)
cert-life-change-rollover = Срок действия сертификата, которому доверяли для этого Сервера, { $expired ->
    [yes] истек
   *[no] истекает
} { $expiry }. За 90 дней до истечения срока действия своего сертификата KSC создает резервный сертификат и заменяет им текущий за день до истечения; новый сертификат выпущен после { $reserve } для тех же имен, поэтому это изменение, скорее всего, и есть такая замена. Все равно сравните его отпечаток SHA-256 с файлом klserver.cer Сервера, прежде чем доверять ему. Серверу ничего не отправлено.
cert-life-change-replaced = Это не плановая замена сертификата самим KSC: Сервер переустановили или ему назначили другой сертификат (klsetsrvcert), либо кто-то перехватывает подключение. Прежде чем доверять новому сертификату, сравните его отпечаток SHA-256 с файлом klserver.cer Сервера; если они различаются, не подключайтесь. Серверу ничего не отправлено.
cert-life-change-why = Почему это не замена резервным сертификатом KSC:
cert-life-change-old-unknown = Для доверенного сертификата сохранен только отпечаток, без сроков действия, поэтому нельзя сказать, плановая ли это замена самим KSC: Сервер мог заменить сертификат резервным перед истечением срока, его могли переустановить или назначить ему другой сертификат (klsetsrvcert), либо кто-то перехватывает подключение. Прежде чем доверять новому сертификату, сравните его отпечаток SHA-256 с файлом klserver.cer Сервера. Серверу ничего не отправлено.
cert-life-why-old-not-due = доверенный сертификат действует до { $date }, еще более 90 дней: резервный сертификат KSC еще не создавал
cert-life-why-old-custom = доверенный сертификат выпустил { $issuer }, а не сам Сервер: пользовательский сертификат KSC не перевыпускает
cert-life-why-new-early = новый сертификат выпущен { $issued }, раньше, чем KSC создал бы резервный ({ $reserve })
cert-life-why-other-names = новый сертификат выпущен для { $new }, а доверенный — для { $old }
cert-life-why-new-custom = новый сертификат не из тех, что создает KSC: его выпустил { $issuer }, срок действия { $days } дн.
cert-life-why-new-not-valid = новый сертификат сейчас недействителен: он действует с { $from } по { $to }
sim-cli-reserve-swapped = { $server }: сертификат заменен резервным (SHA-256 { $fingerprint }, действует до { $until }); теперь его предъявляют оба порта.

## Pre-flight check (hierarchy::preflight)
preflight-dial = Кто к кому подключается
preflight-dmz-ok = режим DMZ: главный Сервер подключается к подчиненному по адресу { $at }, который предъявляет выбранный сертификат
preflight-dmz-other = режим DMZ: { $at } предъявляет другой сертификат (SHA-256 { $found }), а не выбранный сертификат подчиненного Сервера; главный Сервер его отклонит
preflight-dmz-other-todo = Проверьте адрес и SSL-порт подчиненного Сервера или выберите сертификат, который он предъявляет сейчас.
preflight-dmz-unreachable = режим DMZ: главный Сервер должен подключаться к подчиненному по адресу { $at }, который не отвечает с этого компьютера ({ $error })
preflight-dmz-unreachable-todo = Убедитесь, что главный Сервер достигает { $at } (сетевой экран, NAT); возможно, этому компьютеру доступ просто запрещен.
preflight-dmz-no-address = для режима DMZ нужен адрес подчиненного Сервера: главный подключается к нему
preflight-dmz-no-address-todo = Укажите адрес подчиненного Сервера, по которому его достигает главный.
preflight-normal-ok = подчиненный Сервер подключается к главному по адресу { $at }, который отвечает здесь сертификатом главного Сервера
preflight-normal-other = подчиненный Сервер подключился бы к { $at }, который предъявляет другой сертификат (SHA-256 { $found }), не главного Сервера: этот адрес и порт принадлежат другому серверу
preflight-normal-other-todo = Укажите адрес и SSL-порт главного Сервера так, как их достигает подчиненный.
preflight-normal-unreachable = подчиненный Сервер подключается к главному по адресу { $at }, который не отвечает с этого компьютера ({ $error }); достигает ли его подчиненный, отсюда не видно
preflight-normal-unreachable-todo = Убедитесь, что { $at } открыт от подчиненного Сервера к главному.
preflight-address = Адрес главного Сервера, как его использует подчиненный
preflight-address-unresolved = { $address } не разрешается на этом компьютере
preflight-address-unresolved-todo = Подчиненный Сервер может разрешать его иначе; лучше укажите имя или адрес, которые оба разрешают одинаково.
preflight-address-local = { $address } — адрес обратной петли или локальный адрес канала этого компьютера, а подчиненный Сервер — другой хост: он подключился бы сам к себе
preflight-address-local-maybe = { $address } — адрес обратной петли или локальный адрес канала этого компьютера: если подчиненный Сервер работает не на этом же компьютере, он будет подключаться сам к себе
preflight-address-local-todo = Укажите адрес главного Сервера, по которому подчиненный достигает его по сети.
preflight-address-ok = { $address } разрешается в сетевой адрес
preflight-certificate = Сертификат подчиненного Сервера сейчас
preflight-certificate-ok = { $at } предъявляет выбранный сертификат
preflight-certificate-other = { $at } предъявляет SHA-256 { $found }, а не выбранный { $chosen }: Сервер переустановлен или его сертификат изменен
preflight-certificate-other-todo = Получите сертификат с подчиненного Сервера заново или выберите его новый klserver.cer.
preflight-certificate-unreachable = { $at } не отвечает с этого компьютера ({ $error })
preflight-certificate-no-address = нет адреса подчиненного Сервера для проверки
preflight-cycle = Без петли
preflight-cycle-itself = сертификат подчиненного Сервера — это сертификат главного: подчиненный Сервер и есть главный
preflight-cycle-itself-todo = Выберите подчиненный Сервер, а не этот.
preflight-cycle-loop = подчиненный Сервер — главный Сервер для этого главного: иерархия стала бы петлей
preflight-cycle-loop-todo = Сервер не может быть подчиненным своего подчиненного; сначала отсоедините один из них.
preflight-cycle-ok = подчиненный Сервер не является ни главным, ни главным для главного
preflight-existing = Текущий главный Сервер
preflight-existing-other = подчиненный Сервер сейчас подчинен { $address }; он будет перенесен к этому главному Серверу
preflight-existing-other-todo = Убедитесь, что перенос задуман; затем удалите его на прежнем главном Сервере.
preflight-side-primary = главный Сервер
preflight-side-secondary = подчиненный Сервер
preflight-roles = Роли Серверов
preflight-roles-virtual = { $side } — виртуальный Сервер администрирования: у виртуального Сервера не может быть подчиненных, и он уже подчинен своему Серверу
preflight-roles-virtual-todo = Подключитесь к физическому Серверу администрирования.
preflight-roles-ok = ни один из Серверов не является виртуальным Сервером администрирования, и каждый может выполнять свою роль
preflight-roles-cloud-secondary = подчиненный Сервер — это Сервер администрирования Cloud Console, который может быть только главным
preflight-roles-cloud-secondary-todo = Сделайте Сервер Cloud Console главным или выберите в качестве подчиненного локальный Сервер администрирования.
preflight-roles-linux-primary = на главном Сервере работает { $version }: Kaspersky Security Center Linux до версии 14.2 может быть только подчиненным
preflight-roles-linux-primary-todo = Обновите главный Сервер до Kaspersky Security Center Linux 14.2 или выше либо используйте в качестве главного Сервер администрирования для Windows.
preflight-server = KSC { $version } { $platform ->
    [linux] для Linux
    [windows] для Windows
    [cloud] (Cloud Console)
   *[unstated] (платформа не указана)
}
preflight-versions = Версии и платформы
preflight-versions-both = главный: { $primary }; подчиненный: { $secondary }
preflight-versions-install = { $both }. Начиная с версии 15.4 главный Сервер устанавливает приложения на подчиненный, только если подчиненный тоже версии 15.4 или выше
preflight-versions-install-todo = Обновите подчиненный Сервер до версии 15.4 или выше, если на него нужно устанавливать приложения с главного.
preflight-versions-unknown-todo = Версия подчиненного Сервера читается после входа на него (шаг учетных данных).
preflight-cycle-child = главный Сервер — один из подчиненных Серверов самого подчиненного: иерархия стала бы циклом
preflight-cycle-ok-above = подчиненный Сервер не является ни главным, ни главным для главного ({ $address }); Серверы выше отсюда не видны
preflight-limit = Подчиненные Серверы на главном
preflight-limit-ok = главный Сервер сообщает, что подчиненные Серверы разрешены (LP_SlaveServer)
preflight-limit-off = главный Сервер сообщает, что подчиненные Серверы не разрешены (Limits.GetLimits, LP_SlaveServer = 0): регистрация может быть отклонена
preflight-limit-off-todo = Проверьте лицензию и редакцию главного Сервера до нажатия «Готово».
preflight-limit-unknown = главный Сервер не сообщил, разрешены ли подчиненные Серверы (Limits.GetLimits)
preflight-name = Отображаемое имя
preflight-name-taken = в группе «{ $group }» уже есть подчиненный Сервер с именем «{ $name }»
preflight-name-taken-todo = Выберите другое отображаемое имя или другую группу.
preflight-name-free = имя «{ $name }» в группе «{ $group }» свободно
preflight-two-step = Двухэтапная проверка на подчиненном Сервере
preflight-two-step-none = { $user } входит без кода
preflight-two-step-code = { $user } входит с кодом из настроенного приложения-аутентификатора
preflight-two-step-not-set-up = { $user } обязан использовать двухэтапную проверку, но не настроил аутентификатор: записать настройки на подчиненном Сервере с этой учетной записью нельзя
preflight-two-step-not-set-up-todo = Настройте ее в Web Console подчиненного Сервера, используйте другую учетную запись или выберите «{ wizard-credentials-register-only }».
preflight-two-step-not-logged-in = вход на подчиненный Сервер не выполнялся (регистрация только на этом Сервере): его учетная запись не проверена
preflight-version-unknown = версия неизвестна
preflight-size = Число подчиненных Серверов
preflight-size-reason = у главного Сервера { $now } подчиненных Серверов; в документации указано не более { $max }
preflight-size-todo = Лучше добавьте еще один уровень главных Серверов, чем новые подчиненные здесь.
preflight-title = Предварительная проверка
preflight-stopped = Предварительная проверка нашла ошибки; ничего не записано:
## Keeping the hierarchy (hierarchy::maintain)
maintain-label-name = Отображаемое имя
maintain-label-group = Группа администрирования
maintain-from-to = { $from } → { $to }
maintain-restored-name = прежнее имя и группа записаны обратно ({ $name })
maintain-renamed = «{ $from }» переименован в «{ $to }»
maintain-moved = «{ $name }» перемещен в «{ $group }»
maintain-label-delete = Удалить регистрацию
maintain-label-register = Зарегистрировать заново
maintain-rekey-delete = регистрация { $id } (сертификат SHA-256 { $fingerprint })
maintain-rekey-register = «{ $name }» в той же группе и с тем же адресом DMZ, с сертификатом, который он предъявляет сейчас (SHA-256 { $fingerprint })
maintain-restore-failed = не удалось снова зарегистрировать «{ $name }» в прежнем виде: { $error }
maintain-label-secondary-side = На подчиненном Сервере
maintain-remove-secondary-side = перестать быть подчиненным (KLSRV_MASTER_SRV_USE = false)
maintain-remove-delete = регистрация «{ $name }» (id { $id }) на этом главном Сервере
maintain-restored-secondary-side = прежние параметры подчиненного Сервера записаны обратно
cli-secondary-plan = Будет записано:
cli-secondary-fetch-port = { $at }: укажите и SSL-порт, в виде ХОСТ:ПОРТ (на Сервере по умолчанию 13000)
cli-secondary-rekey-source = укажите, откуда взять новый сертификат: --certificate ФАЙЛ или --fetch ХОСТ:ПОРТ
cli-secondary-confirm = сравните SHA-256 нового сертификата { $fingerprint } с тем, который зачитает администратор подчиненного Сервера, и передайте его в --confirm-sha256
cli-secondary-rekeyed = снова зарегистрирован как id { $new } (был { $old }) с сертификатом SHA-256 { $fingerprint }
cli-secondary-removed = регистрация «{ $name }» (id { $id }) удалена
cli-secondary-side-cleared = подчиненный Сервер больше не указывает этот главный Сервер (KLSRV_MASTER_SRV_USE = false)
cli-secondary-side-other = подчиненный Сервер указывает другой главный Сервер ({ $address }); его параметры оставлены как есть
cli-secondary-note-written = записка для администратора подчиненного Сервера сохранена в { $path }
manage-title = { $name }
manage-open-secondary = Его страница «Этот Сервер подчиненный»
manage-through = { $name } через { $primary }
manage-close = Закрыть
manage-rename = Переименовать…
manage-groups-loading = Чтение групп…
manage-pick-group = Переместить в группу
manage-move = Переместить…
manage-rekey-hint = После переустановки или klsetsrvcert подчиненный Сервер предъявляет новый сертификат и остается неактивным: получите сертификат, который он предъявляет сейчас (по его адресу и SSL-порту или через этот главный Сервер, пока он еще подключен), сравните отпечаток с его администратором и зарегистрируйте его заново под тем же именем и в той же группе.
manage-address-placeholder = Адрес и SSL-порт подчиненного Сервера, ХОСТ:ПОРТ (пусто: через этот главный Сервер)
manage-fetch = Получить сертификат, который он предъявляет сейчас
manage-fetched = Он предъявляет SHA-256 { $fingerprint }, действителен до { $until }
manage-compared = Я сравнил этот отпечаток с тем, который его администратор зачитал на подчиненном Сервере
manage-rekey = Перерегистрировать…
manage-remove = Удалить с обеих сторон…
manage-busy = Выполняется…
manage-apply = Применить
manage-cancel = Отмена
manage-copy-note = Копировать записку
manage-nothing-to-do = Менять нечего: так уже есть.
manage-no-row = подчиненный Сервер не выбран
maintain-admin-note = Сервер администрирования «{ $name }» удален из иерархии главного Сервера { $primary }, но его собственные параметры не удалось изменить оттуда ({ $why }).
    На «{ $name }»: откройте свойства Сервера администрирования (или страницу «Этот Сервер подчиненный» в ksc-link), снимите флажок «Этот Сервер администрирования является подчиненным в иерархии» и сохраните. До этого он продолжает подключаться к { $primary }.

## Secondary servers page (hierarchy::health)
home-servers = Подчиненные Серверы
servers-title = Подчиненные Серверы администрирования
servers-loading = Чтение подчиненных Серверов…
servers-load-failed = Не удалось прочитать подчиненные Серверы: { $error }
servers-as-of = Версия главного Сервера { $version } · по состоянию на { $time }
servers-as-of-no-version = Версия главного Сервера неизвестна · по состоянию на { $time }
servers-count = { $count ->
    [one] { $count } подчиненный Сервер
    [few] { $count } подчиненных Сервера
   *[many] { $count } подчиненных Серверов
}
servers-count-active = активных: { $count }
servers-count-inactive = неактивных: { $count }
servers-count-attention = требуют внимания: { $count }
servers-checking = Проверка сертификатов и поиск подчиненных Серверов следующего уровня…
servers-showing = Показано { $shown } из { $total }
servers-none = У этого Сервера нет подчиненных Серверов.
servers-none-match = Ни один подчиненный Сервер не соответствует фильтру.
servers-filter = Фильтр по имени, адресу, группе или версии
servers-attention-only = Только требующие внимания
servers-refresh = Обновить
servers-export = Экспорт в CSV…
servers-exported = { $count ->
    [one] { $count } подчиненный Сервер экспортирован в { $path }.
    [few] { $count } подчиненных Сервера экспортированы в { $path }.
   *[many] { $count } подчиненных Серверов экспортированы в { $path }.
}
servers-export-failed = Не удалось записать файл экспорта: { $error }
servers-back = На главную
servers-col-name = Имя
servers-col-group = Группа
servers-col-status = Статус
servers-col-inactive = Неактивен
servers-col-version = Версия
servers-col-mode = Режим
servers-col-address = Адрес
servers-col-expiry = Сертификат до
servers-col-presented = Сертификат сейчас
servers-mode-dmz = DMZ
servers-mode-standard = Обычный
servers-expiry-left = { $date } ({ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
})
servers-expiry-expired = { $date } (истек)
servers-expiry-none = нет
servers-expiry-unreadable = не читается
servers-presented-pending = Проверка…
servers-presented-matches = Совпадает
servers-presented-differs = Изменился
servers-presented-could-not = Не удалось проверить
servers-presented-differs-detail = { $via }: предъявляет сертификат с MD5 { $md5 }
servers-via-address = получен по адресу { $address }
servers-via-gateway = прочитан через главный Сервер (сеанс через шлюз)
servers-nested-unlisted = { $count ->
    [one] Не удалось получить собственные подчиненные Серверы { $count } активного Сервера; причина указана в экспорте.
    [few] Не удалось получить собственные подчиненные Серверы { $count } активных Серверов; причины указаны в экспорте.
   *[many] Не удалось получить собственные подчиненные Серверы { $count } активных Серверов; причины указаны в экспорте.
}
servers-attention = Требует внимания: { $reasons }
servers-inactive-never = ни разу не подключался
servers-inactive-days = { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
servers-inactive-hours = { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
}
servers-inactive-minutes = меньше часа
servers-reason-inactive-for = неактивен { $since }
servers-reason-inactive-never = неактивен, ни разу не подключался
servers-reason-inactive = не отображается как активный
servers-reason-certificate-changed = предъявляет не тот сертификат, что зарегистрирован
servers-reason-certificate-expiring = { $days ->
    [one] срок действия зарегистрированного сертификата истекает через { $days } день
    [few] срок действия зарегистрированного сертификата истекает через { $days } дня
   *[many] срок действия зарегистрированного сертификата истекает через { $days } дней
}
servers-reason-certificate-expired = { $days ->
    [one] срок действия зарегистрированного сертификата истек { $days } день назад
    [few] срок действия зарегистрированного сертификата истек { $days } дня назад
   *[many] срок действия зарегистрированного сертификата истек { $days } дней назад
}
servers-reason-certificate-unreadable = зарегистрированный сертификат не читается
servers-reason-version-drift = { $drift ->
    [older-minor] более старая дополнительная версия, чем у главного Сервера
    [older-major] более старая основная версия, чем у главного Сервера
   *[newer] более новая версия, чем у главного Сервера
}
servers-check-inactive-no-address = неактивен, и нет адреса, по которому его можно достичь отсюда
servers-check-gateway-failed = нет сеанса через главный Сервер: { $error }
servers-check-gateway-certificate-failed = не удалось прочитать его сертификат через главный Сервер: { $error }
servers-check-gateway-timeout = сеанс через главный Сервер занял больше { $seconds } с
servers-check-nothing-registered = на главном Сервере нет сертификата для сравнения
servers-check-probe-timeout = { $address } не предъявил сертификат за { $seconds } с
servers-nested-too-deep = глубже { $depth } уровней не проверялось
servers-nested-failed = { $error }
servers-address-invalid = «{ $address }» не является адресом с допустимым портом
