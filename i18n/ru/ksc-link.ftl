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
mapping-no-credentials = Секрет и код интеграции Autotask для { $user } не сохранены: откройте страницу предварительных требований, введите их, установите флажок «Запомнить» и выполните проверку снова.
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
mapping-row-suggested = Предложение: { $company } ({ $score } %, { $reason })
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
