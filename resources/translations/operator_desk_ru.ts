<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AgentsModel</name>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="49"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="49"/>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="49"/>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="49"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="50"/>
        <source>For</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="50"/>
        <source>Desk</source>
        <translation>Рабочее место</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="52"/>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="52"/>
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="53"/>
        <source>After-call work</source>
        <translation>Обработка звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="53"/>
        <source>Ringing</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="54"/>
        <source>On a call</source>
        <translation>На звонке</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="54"/>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
</context>
<context>
    <name>AttemptOutcomeDialog</name>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="123"/>
        <source>Callback result</source>
        <translation>Итог обратного звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="125"/>
        <source>Callback to {0} ({1}) for {2}: how did it go?</source>
        <translation>Обратный звонок {0} ({1}) для {2}: чем закончился?</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="131"/>
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="132"/>
        <source>No answer</source>
        <translation>Не ответили</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="133"/>
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="134"/>
        <source>Wrong number</source>
        <translation>Неверный номер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="137"/>
        <source>Alt+{0} or {0}</source>
        <translation>Alt+{0} или {0}</translation>
    </message>
</context>
<context>
    <name>BannerWidget</name>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="135"/>
        <source>Waiting for a call</source>
        <translation>Ожидание звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="143"/>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="149"/>
        <source>Unknown hotline</source>
        <translation>Неизвестная линия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="161"/>
        <source>calling back {0}</source>
        <translation>обратный звонок {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="163"/>
        <source>number not sent</source>
        <translation>номер не передан</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="164"/>
        <source>hotline {0}</source>
        <translation>линия {0}</translation>
    </message>
</context>
<context>
    <name>CallContextBar</name>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="76"/>
        <source>The hotline the caller dialed: routed as the desk routes a call</source>
        <translation>Номер, который набрал абонент; определяется так же, как при звонке</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="80"/>
        <source>Monday</source>
        <translation>Понедельник</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="80"/>
        <source>Tuesday</source>
        <translation>Вторник</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="80"/>
        <source>Wednesday</source>
        <translation>Среда</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="81"/>
        <source>Thursday</source>
        <translation>Четверг</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="81"/>
        <source>Friday</source>
        <translation>Пятница</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="81"/>
        <source>Saturday</source>
        <translation>Суббота</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="82"/>
        <source>Sunday</source>
        <translation>Воскресенье</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="87"/>
        <source>The time of the call in the client company&apos;s time zone</source>
        <translation>Время звонка по часовому поясу заказчика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="88"/>
        <source>Anna</source>
        <translation>Анна</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="94"/>
        <source>not sent</source>
        <translation>не передано</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="97"/>
        <source>e.g. menu=1 or 2</source>
        <translation>напр. menu=1 или 2</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="98"/>
        <source>What the caller entered in the voice menu: named fields (menu=1;order_no=448812) or just the digits</source>
        <translation>Что абонент ввёл в голосовом меню: поля (menu=1;order_no=448812) или просто цифры</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="102"/>
        <source>e.g. city=Kazan</source>
        <translation>напр. city=Казань</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="103"/>
        <source>Fields of the customer card from the CRM, as name=value; separated by ;</source>
        <translation>Поля карточки клиента из CRM: имя=значение, через ;</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="114"/>
        <source>at</source>
        <translation>в</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="121"/>
        <source>IVR:</source>
        <translation>IVR:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="123"/>
        <source>CRM:</source>
        <translation>CRM:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="125"/>
        <source>Hotline</source>
        <translation>Горячая линия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="126"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="127"/>
        <source>Caller</source>
        <translation>Абонент</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="141"/>
        <source>no group</source>
        <translation>без группы</translation>
    </message>
</context>
<context>
    <name>CallbackForm</name>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="223"/>
        <source>Callback request — {0}</source>
        <translation>Заявка на обратный звонок — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="243"/>
        <source>Save callback request (Ctrl+Enter)</source>
        <translation>Сохранить заявку (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="247"/>
        <source>Close without saving (Esc); what was typed stays as a draft</source>
        <translation>Закрыть без сохранения (Esc); введённое останется черновиком</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="254"/>
        <source>Saved on this PC at once, then sent to the CRM.</source>
        <translation>Заявка сразу сохраняется на этом компьютере, затем отправляется в CRM.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="307"/>
        <source>Required</source>
        <translation>Обязательное поле</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="308"/>
        <source>Not a phone number: write it with its area code, e.g. {0}</source>
        <translation>Это не номер телефона: укажите его с кодом, например {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="310"/>
        <source>Pick one of the choices</source>
        <translation>Выберите один из вариантов</translation>
    </message>
</context>
<context>
    <name>CallbackListDialog</name>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="48"/>
        <source>Callbacks to make</source>
        <translation>Обратные звонки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="51"/>
        <source>&amp;Only those due now (Alt+O)</source>
        <translation>Только те, что пора сделать (Alt+&amp;O)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57"/>
        <source>Next attempt</source>
        <translation>Следующая попытка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="58"/>
        <source>Attempts</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="58"/>
        <source>Request</source>
        <translation>Заявка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="65"/>
        <source>Call now (Enter)</source>
        <translation>Позвонить сейчас (Enter)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="103"/>
        <source>{0} callback(s)</source>
        <translation>Заявок: {0}</translation>
    </message>
</context>
<context>
    <name>CallerWidget</name>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="370"/>
        <location filename="../../operator_desk/ui/pop.py" line="373"/>
        <source>number withheld</source>
        <translation>номер скрыт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="395"/>
        <source>SIP address, not a phone number: ask for a number to call back</source>
        <translation>SIP-адрес, а не номер телефона: для обратного звонка спросите номер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="397"/>
        <source>internal number of the PBX</source>
        <translation>внутренний номер АТС</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="398"/>
        <source>mobile</source>
        <translation>мобильный</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="398"/>
        <source>landline</source>
        <translation>городской</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="399"/>
        <source>free-phone number</source>
        <translation>бесплатный номер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="399"/>
        <source>internet telephony</source>
        <translation>IP-телефония</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="402"/>
        <source>from abroad ({0})</source>
        <translation>из-за рубежа ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="408"/>
        <source>answered after {0} of ringing</source>
        <translation>ответили через {0} после звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="409"/>
        <source>ringing {0}</source>
        <translation>звонит {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="419"/>
        <source>No calls from this number in the last 30 days</source>
        <translation>С этого номера за 30 дней не звонили</translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="423"/>
        <source>called %n time(s) today</source>
        <translation>
            <numerusform>сегодня звонил %n раз</numerusform>
            <numerusform>сегодня звонил %n раза</numerusform>
            <numerusform>сегодня звонил %n раз</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="424"/>
        <source>called before</source>
        <translation>звонил раньше</translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="432"/>
        <source>Called %n time(s) today</source>
        <translation>
            <numerusform>Сегодня звонил %n раз</numerusform>
            <numerusform>Сегодня звонил %n раза</numerusform>
            <numerusform>Сегодня звонил %n раз</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="434"/>
        <source>(%n not answered)</source>
        <translation>
            <numerusform>(%n без ответа)</numerusform>
            <numerusform>(%n без ответа)</numerusform>
            <numerusform>(%n без ответа)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="436"/>
        <source>Called %n time(s) in 30 days</source>
        <translation>
            <numerusform>За 30 дней звонил %n раз</numerusform>
            <numerusform>За 30 дней звонил %n раза</numerusform>
            <numerusform>За 30 дней звонил %n раз</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="437"/>
        <source>last call {0}</source>
        <translation>последний звонок {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="439"/>
        <source>about «{0}»</source>
        <translation>по теме «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="441"/>
        <source>(not answered)</source>
        <translation>(без ответа)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="445"/>
        <source>CRM: looking up…</source>
        <translation>CRM: ищем клиента…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="453"/>
        <source>{0} unavailable</source>
        <translation>{0}: нет связи</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="455"/>
        <source>{0}: no customer card</source>
        <translation>{0}: карточка клиента не найдена</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="458"/>
        <source>Found in {0}{1}:</source>
        <translation>Найден в {0}{1}:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="468"/>
        <source>just now</source>
        <translation>только что</translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="469"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n мин назад</numerusform>
            <numerusform>%n мин назад</numerusform>
            <numerusform>%n мин назад</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="671"/>
        <source>Compare</source>
        <translation>Сравнение</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="693"/>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="696"/>
        <source>Differences are in bold.</source>
        <translation>Различия выделены жирным.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="63"/>
        <source>Operator Desk: unexpected error</source>
        <translation>Пульт оператора: непредвиденная ошибка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="73"/>
        <source>Something went wrong inside the desk. Restart it to continue safely; if you are on a call, finish it first.</source>
        <translation>В программе произошла ошибка. Перезапустите её, чтобы продолжить работу; если идёт разговор, сначала завершите его.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="81"/>
        <source>(no log file)</source>
        <translation>(файла журнала нет)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="82"/>
        <source>The details are in the log file; send it to your IT support:</source>
        <translation>Подробности — в файле журнала; отправьте его в ИТ-поддержку:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="87"/>
        <source>Open log folder</source>
        <translation>Открыть папку журнала</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="90"/>
        <source>Copy details</source>
        <translation>Скопировать подробности</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="97"/>
        <location filename="../../operator_desk/ui/crash.py" line="151"/>
        <source>Show details</source>
        <translation>Показать подробности</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="103"/>
        <source>Restart</source>
        <translation>Перезапустить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="105"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="107"/>
        <source>Keep working</source>
        <translation>Продолжить работу</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="151"/>
        <source>Hide details</source>
        <translation>Скрыть подробности</translation>
    </message>
</context>
<context>
    <name>CsvTableModel</name>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="89"/>
        <source>text</source>
        <translation>текст</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="89"/>
        <source>number</source>
        <translation>число</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="89"/>
        <source>money</source>
        <translation>сумма</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="90"/>
        <source>phone</source>
        <translation>телефон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="90"/>
        <source>address</source>
        <translation>адрес</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="91"/>
        <source>opening hours</source>
        <translation>часы работы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="91"/>
        <source>web address</source>
        <translation>веб-адрес</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="103"/>
        <source>Shift statistics</source>
        <translation>Статистика смены</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="117"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="117"/>
        <source>Offered</source>
        <translation>Поступило</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="117"/>
        <source>Answered</source>
        <translation>Принято</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="117"/>
        <source>Missed</source>
        <translation>Без ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="118"/>
        <source>Transferred</source>
        <translation>Переведено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="118"/>
        <source>Avg handle</source>
        <translation>Ср. обработка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="118"/>
        <source>Avg after-call</source>
        <translation>Ср. после звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="119"/>
        <source>Callbacks taken / delivered</source>
        <translation>Заявки: принято / доставлено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="119"/>
        <source>Wrap-up codes</source>
        <translation>Результаты</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="124"/>
        <source>Export CSV… (Ctrl+E)</source>
        <translation>Выгрузить CSV… (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="127"/>
        <source>Refresh (Ctrl+R)</source>
        <translation>Обновить (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="137"/>
        <source>Calls per hour</source>
        <translation>Звонки по часам</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="148"/>
        <source>{0} calls offered, {1} answered</source>
        <translation>Поступило звонков: {0}, принято: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="155"/>
        <source>{0} hung up while ringing</source>
        <translation>{0} не дождались</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="157"/>
        <source>{0} rejected</source>
        <translation>{0} отклонено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="160"/>
        <source>(unknown number)</source>
        <translation>(неизвестный номер)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="176"/>
        <source>Export statistics</source>
        <translation>Выгрузка статистики</translation>
    </message>
</context>
<context>
    <name>DeskController</name>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="189"/>
        <location filename="../../operator_desk/ui/controller.py" line="237"/>
        <source>Scripts {0}</source>
        <translation>Скрипты {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="505"/>
        <source>Calling {0}… the caller is on hold</source>
        <translation>Вызываем: {0}… абонент на удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="262"/>
        <source>Calling…</source>
        <translation>Вызов…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="270"/>
        <source>SIP engine: {0}</source>
        <translation>SIP: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="272"/>
        <source>SIP: registered</source>
        <translation>SIP: зарегистрирован</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="273"/>
        <source>SIP: not registered ({0} {1})</source>
        <translation>SIP: нет регистрации ({0} {1})</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="347"/>
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="348"/>
        <source>Connecting…</source>
        <translation>Соединение…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="362"/>
        <source>Back with the caller</source>
        <translation>Снова с абонентом</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="377"/>
        <source>Call ended</source>
        <translation>Звонок завершён</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="386"/>
        <source>After-call work: {0}</source>
        <translation>Обработка звонка: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="423"/>
        <source>Finish the current call first</source>
        <translation>Сначала завершите текущий звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="428"/>
        <source>Cannot dial: {0}</source>
        <translation>Не удаётся позвонить: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="464"/>
        <source>Cannot transfer: {0}</source>
        <translation>Не удаётся перевести: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="471"/>
        <source>Transferring to {0}…</source>
        <translation>Перевод: {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="477"/>
        <source>Connecting the caller to {0}…</source>
        <translation>Соединяем абонента: {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="509"/>
        <source>Consulting {0}; the caller is on hold</source>
        <translation>Консультация: {0}; абонент на удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="511"/>
        <source>Swap: talk to the caller</source>
        <translation>Переключиться на абонента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="515"/>
        <source>Talking to the caller; {0} is on hold</source>
        <translation>Разговор с абонентом; {0} на удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="517"/>
        <source>Swap: back to {0}</source>
        <translation>Переключиться: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="523"/>
        <source>Transferred to {0}</source>
        <translation>Переведён: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="527"/>
        <source>Transfer failed</source>
        <translation>Перевод не удался</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="528"/>
        <source>The transfer to {0} failed ({1}); the caller is still with you</source>
        <translation>Перевод на {0} не удался ({1}); абонент остаётся на линии</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="643"/>
        <source>Call waiting: {0} · {1}</source>
        <translation>Ожидает второй звонок: {0} · {1}</translation>
    </message>
</context>
<context>
    <name>DeskRecords</name>
    <message>
        <location filename="../../operator_desk/ui/records.py" line="186"/>
        <source>The callback request was NOT saved: {0}. It is kept as a draft.</source>
        <translation>Заявка НЕ сохранена: {0}. Она осталась черновиком.</translation>
    </message>
</context>
<context>
    <name>DeskTray</name>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="63"/>
        <location filename="../../operator_desk/ui/tray.py" line="96"/>
        <source>Operator Desk</source>
        <translation>Пульт оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="65"/>
        <location filename="../../operator_desk/ui/tray.py" line="120"/>
        <source>Show the desk</source>
        <translation>Показать пульт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="67"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="120"/>
        <source>Hide the desk</source>
        <translation>Скрыть пульт</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="75"/>
        <source>Operator Desk</source>
        <translation>Пульт оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="370"/>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="243"/>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="181"/>
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="184"/>
        <source>Back to the caller</source>
        <translation>Вернуться к абоненту</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="239"/>
        <source>Call controls</source>
        <translation>Управление звонком</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="244"/>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="245"/>
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="246"/>
        <source>Mute</source>
        <translation>Микрофон выкл.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="247"/>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="248"/>
        <source>Callback</source>
        <translation>Обратный звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="249"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="250"/>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="251"/>
        <source>Dial pad</source>
        <translation>Номеронабиратель</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="253"/>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="254"/>
        <source>Statistics</source>
        <translation>Статистика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="255"/>
        <source>Callbacks</source>
        <translation>Заявки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="315"/>
        <location filename="../../operator_desk/ui/main_window.py" line="354"/>
        <location filename="../../operator_desk/ui/main_window.py" line="480"/>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="356"/>
        <location filename="../../operator_desk/ui/main_window.py" line="481"/>
        <source>Not ready: {0}</source>
        <translation>Не готов: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="318"/>
        <source>Number to call</source>
        <translation>Номер для звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="182"/>
        <source>Swap</source>
        <translation>Переключиться</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="292"/>
        <source>Dial pad (Ctrl+D, Esc)</source>
        <translation>Номеронабиратель (Ctrl+D, Esc)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="308"/>
        <source>Fold or unfold the greeting</source>
        <translation>Свернуть или развернуть приветствие</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="310"/>
        <source>No ready answer</source>
        <translation>Нет готового ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="311"/>
        <source>Compare selected rows</source>
        <translation>Сравнить выбранные строки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="313"/>
        <source>Filter the table</source>
        <translation>Фильтр по таблице</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="316"/>
        <source>Not ready…</source>
        <translation>Не готов…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="320"/>
        <source>Call back the offered request</source>
        <translation>Перезвонить по предложенной заявке</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="352"/>
        <source>Ready (Ctrl+R) or not ready, with the reason (Ctrl+Shift+R)</source>
        <translation>Готов (Ctrl+R) или не готов, с причиной (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="367"/>
        <source>Number to call (Ctrl+Shift+D)</source>
        <translation>Номер для звонка (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="372"/>
        <source>Call the number (Enter in the number field)</source>
        <translation>Позвонить по номеру (Enter в поле номера)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="381"/>
        <source>Call this request back now (Ctrl+Shift+B)</source>
        <translation>Перезвонить по этой заявке сейчас (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="463"/>
        <source>Ringing {0}</source>
        <translation>Звонит {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="463"/>
        <source>How long this call has been ringing</source>
        <translation>Сколько звонит этот вызов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="464"/>
        <source>Calling {0}</source>
        <translation>Набор {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="464"/>
        <source>How long since the desk dialled</source>
        <translation>Сколько прошло с начала набора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="465"/>
        <location filename="../../operator_desk/ui/main_window.py" line="466"/>
        <source>Talk {0}</source>
        <translation>Разговор {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="465"/>
        <source>Time since you answered this call</source>
        <translation>Время с момента ответа на этот звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="467"/>
        <source>Time since you answered this call; the caller is on hold</source>
        <translation>Время с момента ответа; абонент на удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="468"/>
        <source>Last call {0}</source>
        <translation>Прошлый звонок {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="468"/>
        <source>Talk time of the call you are wrapping up</source>
        <translation>Длительность разговора, который вы обрабатываете</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="482"/>
        <source>On a call</source>
        <translation>На звонке</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="483"/>
        <source>After-call work</source>
        <translation>Обработка звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="485"/>
        <source>{0} · {1} in this state</source>
        <translation>{0} · {1} в этом статусе</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="487"/>
        <source>Ready in {0}</source>
        <translation>готов через {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="489"/>
        <source>Your state for the call centre, and how long it has lasted</source>
        <translation>Ваш статус для колл-центра и сколько он длится</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="503"/>
        <source>SIP: listening on {0}:{1}</source>
        <translation>SIP: принимаем звонки на {0}:{1}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="505"/>
        <source>SIP engine failed: {0}</source>
        <translation>SIP не запустился: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="510"/>
        <source>Demo call</source>
        <translation>Демо-звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="511"/>
        <source>Make the demo caller ring this desk now (F9)</source>
        <translation>Демо-абонент позвонит сейчас (F9)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="518"/>
        <source>Call back: {0}</source>
        <translation>Перезвонить: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="525"/>
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="525"/>
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="526"/>
        <source>Ringer</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="527"/>
        <location filename="../../operator_desk/ui/main_window.py" line="533"/>
        <source>the default device</source>
        <translation>устройство по умолчанию</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="529"/>
        <source>{0}: no working device ({1}); retrying</source>
        <translation>{0}: нет рабочего устройства ({1}); пробуем снова</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="532"/>
        <source>{0} “{1}” is unavailable: using {2}</source>
        <translation>{0} «{1}» недоступен: используется {2}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="537"/>
        <source>Restored {0} unfinished form(s) from the last session</source>
        <translation>Восстановлено незавершённых форм с прошлого запуска: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="541"/>
        <source>Callback request saved ({0}); it is being sent to the CRM</source>
        <translation>Заявка сохранена ({0}) и отправляется в CRM</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="547"/>
        <source>To CRM: {0} waiting</source>
        <translation>В CRM: ждут отправки {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="549"/>
        <source>{0} FAILED</source>
        <translation>НЕ ОТПРАВЛЕНО: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="554"/>
        <source>New scripts version {0}: used from the next call</source>
        <translation>Новая версия скриптов {0}: действует со следующего звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="558"/>
        <source>Settings saved to {0}</source>
        <translation>Настройки сохранены: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="564"/>
        <source>Settings have {0} problem(s); see `operator-desk settings check`</source>
        <translation>В настройках есть ошибки ({0}); подробно: `operator-desk settings check`</translation>
    </message>
</context>
<context>
    <name>DialPadWidget</name>
    <message>
        <location filename="../../operator_desk/ui/dialpad.py" line="34"/>
        <source>Or type {0} while the pad is open (Ctrl+D opens and closes it, Esc closes it)</source>
        <translation>Или наберите {0} на клавиатуре, пока номеронабиратель открыт (Ctrl+D открывает и закрывает его, Esc — закрывает)</translation>
    </message>
</context>
<context>
    <name>FloorWork</name>
    <message>
        <location filename="../../operator_desk/ui/floor_work.py" line="141"/>
        <source>The floor is unreachable: this callback is on the floor and another operator may be calling it. Try again when the floor is back.</source>
        <translation>Нет связи с общей базой зала: этот обратный звонок в общей очереди, и другой оператор, возможно, уже звонит по нему. Попробуйте снова, когда связь восстановится.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/floor_work.py" line="194"/>
        <source>Connected to the call floor</source>
        <translation>Связь с общей базой зала есть</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/floor_work.py" line="196"/>
        <source>The call floor is unreachable ({0}); calls and callbacks are kept here and sent when it is back</source>
        <translation>Нет связи с общей базой зала ({0}); звонки и заявки сохраняются здесь и будут отправлены, когда связь восстановится</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/floor_work.py" line="208"/>
        <source>The floor did not answer: {0}</source>
        <translation>Общая база зала не ответила: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/floor_work.py" line="212"/>
        <source>Another operator is already calling this customer</source>
        <translation>Этому клиенту уже звонит другой оператор</translation>
    </message>
</context>
<context>
    <name>GapsView</name>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="181"/>
        <source>This PC&apos;s desks</source>
        <translation>Рабочие места этого компьютера</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="182"/>
        <source>Open a file…</source>
        <translation>Открыть файл…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="184"/>
        <source>Reports exported from other desks (JSON or CSV)</source>
        <translation>Сообщения, выгруженные с других рабочих мест (JSON или CSV)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="185"/>
        <source>Export…</source>
        <translation>Выгрузить…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="187"/>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="188"/>
        <source>Answer this</source>
        <translation>Ответить на это</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="190"/>
        <source>Open the question in the editor (or a new question with the operators&apos; words)</source>
        <translation>Открыть вопрос в редакторе (или новый вопрос со словами операторов)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="192"/>
        <source>The call floor&apos;s database is not part of this build: export the reports from the desks instead.</source>
        <translation>База колл-центра в этой версии не подключается: выгрузите сообщения с рабочих мест.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="198"/>
        <source>Company / question</source>
        <translation>Заказчик / вопрос</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="198"/>
        <source>Reports</source>
        <translation>Сообщений</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="199"/>
        <source>What operators typed</source>
        <translation>Что набрали операторы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="204"/>
        <source>From</source>
        <translation>Откуда</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="235"/>
        <source>Gap reports</source>
        <translation>Пробелы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="236"/>
        <source>Reports (*.json *.jsonl *.csv)</source>
        <translation>Сообщения (*.json *.jsonl *.csv)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="241"/>
        <source>Export gap reports</source>
        <translation>Выгрузить сообщения о пробелах</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="243"/>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="246"/>
        <source>{0} report(s) written to {1}</source>
        <translation>Сообщений записано: {0}, файл {1}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="261"/>
        <source>(at the top of the tree)</source>
        <translation>(в начале дерева)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="274"/>
        <source>{0} report(s)</source>
        <translation>сообщений: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="276"/>
        <source>No reports yet: operators file one with “No ready answer”.</source>
        <translation>Сообщений пока нет: оператор отправляет его кнопкой «Нет готового ответа».</translation>
    </message>
</context>
<context>
    <name>GreetingEditor</name>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="47"/>
        <source>+ After hours</source>
        <translation>+ В нерабочее время</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="49"/>
        <source>+ For a group…</source>
        <translation>+ Для группы…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="51"/>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="71"/>
        <source>Variants</source>
        <translation>Варианты</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="79"/>
        <source>What the operator says first</source>
        <translation>Что оператор говорит первым</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="84"/>
        <source>For the call set in the preview it reads:</source>
        <translation>Для звонка, заданного в просмотре, звучит так:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="117"/>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="258"/>
        <source>Default</source>
        <translation>Обычное</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="117"/>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="258"/>
        <source>After hours</source>
        <translation>В нерабочее время</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="124"/>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="260"/>
        <source>For «{0}»</source>
        <translation>Для «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="176"/>
        <source>add the after-hours greeting</source>
        <translation>добавление приветствия для нерабочего времени</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="189"/>
        <source>Every operator group has its greeting; add a group on the Company page first</source>
        <translation>У каждой группы операторов уже есть приветствие; сначала добавьте группу на странице «Заказчик»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="192"/>
        <source>Greeting for a group</source>
        <translation>Приветствие для группы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="193"/>
        <source>Operator group:</source>
        <translation>Группа операторов:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="204"/>
        <source>add a group greeting</source>
        <translation>добавление приветствия группы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="220"/>
        <source>remove the greeting</source>
        <translation>удаление приветствия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="242"/>
        <source>line {0}: {1}</source>
        <translation>строка {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="245"/>
        <source>unknown field: {0}</source>
        <translation>неизвестное поле: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="257"/>
        <source>(cannot be shown: {0})</source>
        <translation>(не показать: {0})</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/greeting_editor.py" line="261"/>
        <source>For this call the desk uses the greeting: {0}</source>
        <translation>Для этого звонка используется приветствие: {0}</translation>
    </message>
</context>
<context>
    <name>GreetingWidget</name>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="239"/>
        <source>Show the whole greeting (Ctrl+G)</source>
        <translation>Показать приветствие целиком (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="240"/>
        <source>Fold the greeting to one line (Ctrl+G)</source>
        <translation>Свернуть приветствие в строку (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="244"/>
        <source>The greeting for the next call appears here.</source>
        <translation>Здесь появится приветствие для следующего звонка.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="259"/>
        <source>Outgoing call to {0}</source>
        <translation>Исходящий звонок: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="272"/>
        <source>Greeting: {0}</source>
        <translation>Приветствие: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="282"/>
        <source>No client company owns the number {0}. Ask the caller which company they are calling.</source>
        <translation>Номер {0} не принадлежит ни одному заказчику. Уточните у абонента, в какую компанию он звонит.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="283"/>
        <source>(not sent)</source>
        <translation>(не передан)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="285"/>
        <source>This number is claimed by several client companies ({0}). Ask the caller which company they are calling.</source>
        <translation>Этот номер указан у нескольких заказчиков ({0}). Уточните у абонента, в какую компанию он звонит.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="288"/>
        <source>The company&apos;s greeting failed; a neutral one is shown ({0}).</source>
        <translation>Приветствие заказчика не сработало, показано нейтральное ({0}).</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="290"/>
        <source>The company&apos;s script did not load: {0}</source>
        <translation>Скрипт заказчика не загрузился: {0}</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="42"/>
        <source>Calls of this shift</source>
        <translation>Звонки за смену</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="50"/>
        <source>Part of a number…</source>
        <translation>Часть номера…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="51"/>
        <source>Find calls by a part of the number (the box has the keyboard when the window opens)</source>
        <translation>Поиск звонков по части номера (поле получает клавиатуру при открытии окна)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="56"/>
        <source>All calls</source>
        <translation>Все звонки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="57"/>
        <source>Not answered (missed, abandoned, rejected)</source>
        <translation>Без ответа (пропущенные, сброшенные, отклонённые)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="63"/>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="63"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="63"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="63"/>
        <source>Result</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="64"/>
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="64"/>
        <source>Wrap-up</source>
        <translation>Результат</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="64"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="72"/>
        <source>Call back (Enter)</source>
        <translation>Перезвонить (Enter)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="95"/>
        <source>answered</source>
        <translation>принят</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="96"/>
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="97"/>
        <source>caller hung up while ringing</source>
        <translation>абонент не дождался ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="98"/>
        <source>rejected (not ready / busy)</source>
        <translation>отклонён (не готов / занят)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="99"/>
        <source>transferred</source>
        <translation>переведён</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="100"/>
        <source>outgoing, not answered</source>
        <translation>исходящий, без ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="101"/>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="102"/>
        <source>interrupted (the desk stopped)</source>
        <translation>прерван (программа остановилась)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="147"/>
        <source>{0} calls: {1} answered, {2} missed</source>
        <translation>Звонков: {0}, принято: {1}, пропущено: {2}</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="47"/>
        <source>Calls offered per hour today; red: not answered</source>
        <translation>Поступившие звонки по часам за сегодня; красным — без ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="67"/>
        <source>Calls by hour (peak {0})</source>
        <translation>Звонки по часам (максимум {0})</translation>
    </message>
</context>
<context>
    <name>HourChartWidget</name>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="82"/>
        <source>No calls yet</source>
        <translation>Звонков пока нет</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="39"/>
        <source>Import {0}</source>
        <translation>Загрузка {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="49"/>
        <source>Column in the file</source>
        <translation>Столбец в файле</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="50"/>
        <source>Goes to</source>
        <translation>Куда</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="50"/>
        <source>First values</source>
        <translation>Первые значения</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="56"/>
        <source>Import</source>
        <translation>Загрузить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="60"/>
        <source>Match each column of the file to a column of the table.</source>
        <translation>Сопоставьте каждый столбец файла со столбцом таблицы.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="65"/>
        <source>What the import changes:</source>
        <translation>Что изменит загрузка:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="92"/>
        <source>new column «{0}»</source>
        <translation>новый столбец «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="93"/>
        <source>(do not import)</source>
        <translation>(не загружать)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="127"/>
        <source>Nothing changes: the table already holds these rows.</source>
        <translation>Ничего не изменится: в таблице уже эти строки.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="137"/>
        <source>Rows added</source>
        <translation>Добавятся строки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="138"/>
        <source>Rows removed</source>
        <translation>Удалятся строки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="139"/>
        <source>Rows changed</source>
        <translation>Изменятся строки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="140"/>
        <source>New columns</source>
        <translation>Новые столбцы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="141"/>
        <source>Columns removed</source>
        <translation>Удалённые столбцы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/import_dialog.py" line="142"/>
        <source>{0} row(s) stay as they are.</source>
        <translation>Без изменений останется строк: {0}.</translation>
    </message>
</context>
<context>
    <name>KnownErrorMessage</name>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="163"/>
        <source>Operator Desk</source>
        <translation>Пульт оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="166"/>
        <source>The details are in the log file {0}.</source>
        <translation>Подробности — в файле журнала {0}.</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="258"/>
        <source>Operator&apos;s screen…</source>
        <translation>Экран оператора…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="260"/>
        <source>The same preview in a window of the operator&apos;s screen size (Ctrl+Shift+P)</source>
        <translation>Тот же просмотр в окне размером с экран оператора (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="266"/>
        <source>&lt;b&gt;Preview&lt;/b&gt;: what the operator sees</source>
        <translation>&lt;b&gt;Просмотр&lt;/b&gt;: что видит оператор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="319"/>
        <source>The files have {0} problem(s) (listed below); the preview shows the last version without errors.</source>
        <translation>В файлах есть ошибки ({0}, список ниже); просмотр показывает последний вариант без ошибок.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="324"/>
        <source>The files have {0} problem(s) (listed below); fix them to see the preview.</source>
        <translation>В файлах есть ошибки ({0}, список ниже); исправьте их, чтобы увидеть просмотр.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/preview.py" line="397"/>
        <source>Operator&apos;s screen, {0}×{1}</source>
        <translation>Экран оператора, {0}×{1}</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="52"/>
        <source>Where</source>
        <translation>Где</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="52"/>
        <source>Problem</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="66"/>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="67"/>
        <source>warning</source>
        <translation>предупреждение</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="75"/>
        <source>✔ No problems: the desk can load this company&apos;s script as it is now.</source>
        <translation>✔ Ошибок нет: рабочее место загрузит сценарий этого заказчика в таком виде.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="79"/>
        <source>{0} error(s), {1} warning(s). Click one to go there.</source>
        <translation>Ошибок: {0}, предупреждений: {1}. Щёлкните строку, чтобы перейти к месту.</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="29"/>
        <source>Publish the scripts</source>
        <translation>Публикация сценариев</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="34"/>
        <source>Raise the version</source>
        <translation>Повысить версию</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="39"/>
        <source>Publish</source>
        <translation>Опубликовать</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="59"/>
        <source>never published</source>
        <translation>ещё не публиковалась</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="60"/>
        <source>last published: {0}</source>
        <translation>опубликована: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="61"/>
        <source>Version {0} ({1})</source>
        <translation>Версия {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="64"/>
        <source>Nothing changed since the last publish.</source>
        <translation>С прошлой публикации ничего не изменилось.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="65"/>
        <source>New files</source>
        <translation>Новые файлы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="65"/>
        <source>Changed files</source>
        <translation>Изменённые файлы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="66"/>
        <source>Removed files</source>
        <translation>Удалённые файлы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="71"/>
        <source>{0} file(s) will be published.</source>
        <translation>Будет опубликовано файлов: {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="75"/>
        <source>The version is the one already published: desks that have it will not take the changes. Raise the version first.</source>
        <translation>Эта версия уже опубликована: рабочие места, где она есть, не возьмут изменения. Сначала повысьте версию.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="95"/>
        <source>Not published: {0} problem(s) to fix first</source>
        <translation>Не опубликовано: сначала исправьте ошибки ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/publish_dialog.py" line="103"/>
        <source>Published version {0}: {1} file(s). Copy the library folder to the central location, manifest.json last.</source>
        <translation>Опубликована версия {0}: файлов — {1}. Скопируйте папку библиотеки в общее место, manifest.json — последним.</translation>
    </message>
</context>
<context>
    <name>QuestionEditor</name>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="115"/>
        <source>+ Question</source>
        <translation>+ Вопрос</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="117"/>
        <source>A new question after the selected one (Insert)</source>
        <translation>Новый вопрос после выбранного (Insert)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="118"/>
        <source>+ Follow-up</source>
        <translation>+ Уточнение</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="120"/>
        <source>A follow-up question under the selected one (Shift+Insert)</source>
        <translation>Уточняющий вопрос под выбранным (Shift+Insert)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="122"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="124"/>
        <source>Delete the question and its follow-ups (Delete; Ctrl+Z brings it back)</source>
        <translation>Удалить вопрос с уточнениями (Delete; Ctrl+Z вернёт)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="126"/>
        <source>Move up (Alt+Up)</source>
        <translation>Выше (Alt+↑)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="127"/>
        <source>Move down (Alt+Down)</source>
        <translation>Ниже (Alt+↓)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="128"/>
        <source>Move out of its group of follow-ups (Alt+Left)</source>
        <translation>Вынести из уточнений на уровень выше (Alt+←)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="130"/>
        <source>Make it a follow-up of the question above (Alt+Right)</source>
        <translation>Сделать уточнением вопроса выше (Alt+→)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="174"/>
        <source>As the operator hears it from the caller</source>
        <translation>Как оператор слышит его от абонента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="177"/>
        <source>other words callers use, separated by commas</source>
        <translation>другие слова абонентов, через запятую</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="181"/>
        <source>No prepared answer yet</source>
        <translation>Готового ответа пока нет</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="182"/>
        <source>The desk then offers the operator a transfer or a callback request</source>
        <translation>Тогда оператору предлагается перевод или обратный звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="191"/>
        <source>Question</source>
        <translation>Вопрос</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="192"/>
        <source>Caller&apos;s words</source>
        <translation>Слова абонента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="193"/>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="206"/>
        <source>Reference table under the answer</source>
        <translation>Справочная таблица под ответом</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="212"/>
        <source>Tick the columns to show; none ticked shows all</source>
        <translation>Отметьте столбцы, которые показывать; если ни один не отмечен — все</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="217"/>
        <source>Rows can be compared</source>
        <translation>Строки можно сравнивать</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="218"/>
        <source>The operator can tick rows (products) and compare them side by side</source>
        <translation>Оператор может отметить строки (товары) и сравнить их рядом</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="225"/>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="226"/>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="227"/>
        <source>Start filtered by</source>
        <translation>Сразу отфильтровать по</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="232"/>
        <source>Buttons for the operator</source>
        <translation>Кнопки для оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="235"/>
        <source>Offer a callback request</source>
        <translation>Предложить обратный звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="240"/>
        <source>Transfer to</source>
        <translation>Перевести на</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="242"/>
        <source>At the top for</source>
        <translation>Вверху списка для</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="311"/>
        <source>(no words yet)</source>
        <translation>(ещё без текста)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="386"/>
        <source>Id {0}: made from the question&apos;s words; the desk&apos;s reports name it</source>
        <translation>Код {0}: составлен из слов вопроса; по нему вопрос называют отчёты</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="394"/>
        <source>(no table)</source>
        <translation>(без таблицы)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="415"/>
        <source>(no filter)</source>
        <translation>(без фильтра)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="432"/>
        <source>(no transfer)</source>
        <translation>(без перевода)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="522"/>
        <location filename="../../operator_desk/ui/studio/question_editor.py" line="547"/>
        <source>New question</source>
        <translation>Новый вопрос</translation>
    </message>
</context>
<context>
    <name>RowsEditor</name>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="54"/>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="56"/>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="358"/>
        <source>Search (Ctrl+F): questions, answers, tables</source>
        <translation>Поиск (Ctrl+F): вопросы, ответы, таблицы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="369"/>
        <source>← Back</source>
        <translation>← Назад</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="371"/>
        <source>The question before (Alt+←)</source>
        <translation>Предыдущий вопрос (Alt+←)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="396"/>
        <source>Transfer… (Ctrl+T)</source>
        <translation>Перевести… (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="398"/>
        <source>Callback… (Ctrl+B)</source>
        <translation>Обратный звонок… (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="400"/>
        <source>No ready answer (Ctrl+N)</source>
        <translation>Нет готового ответа (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="402"/>
        <source>The script has no answer to this: tell the script&apos;s authors, then transfer or take a callback</source>
        <translation>В скрипте нет ответа: сообщить авторам скрипта, затем перевести звонок или оформить обратный звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="520"/>
        <source>Pick the caller&apos;s question, or type to search</source>
        <translation>Выберите вопрос абонента или начните вводить для поиска</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="572"/>
        <source>There is no prepared answer: transfer the call or take a callback request.</source>
        <translation>Готового ответа нет: переведите звонок или оформите обратный звонок.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="577"/>
        <source>Follow-up questions:</source>
        <translation>Уточняющие вопросы:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="597"/>
        <source>Nothing found. Use “No ready answer” to transfer or take a callback.</source>
        <translation>Ничего не найдено. Нажмите «Нет готового ответа», чтобы перевести звонок или оформить обратный звонок.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="58"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="76"/>
        <source>Set by your IT department (locked)</source>
        <translation>Задано ИТ-отделом (изменить нельзя)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="83"/>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="84"/>
        <source>Kept in the system keyring, never in a file</source>
        <translation>Хранится в системном хранилище паролей, не в файле</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="85"/>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="106"/>
        <source>SIP and audio changes apply when the desk restarts.</source>
        <translation>Изменения SIP и звука вступят в силу после перезапуска программы.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="113"/>
        <source>Play a test tone in the headset</source>
        <translation>Тестовый сигнал в гарнитуре</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="115"/>
        <source>Ring the ringer</source>
        <translation>Проверить звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="119"/>
        <source>Check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="121"/>
        <source>Check the microphone</source>
        <translation>Проверить микрофон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="130"/>
        <source>Microphone level</source>
        <translation>Уровень микрофона</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="178"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="178"/>
        <source>SIP account</source>
        <translation>SIP-аккаунт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="179"/>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="179"/>
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="180"/>
        <source>Scripts</source>
        <translation>Скрипты</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="180"/>
        <source>Journal</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="185"/>
        <source>Your name</source>
        <translation>Ваше имя</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="185"/>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="186"/>
        <source>Listen on</source>
        <translation>Принимать звонки на</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="186"/>
        <source>Registrar (PBX)</source>
        <translation>Регистратор (АТС)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="187"/>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="187"/>
        <source>Auth user</source>
        <translation>Логин для авторизации</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="188"/>
        <source>Domain</source>
        <translation>Домен</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="188"/>
        <source>Transport</source>
        <translation>Транспорт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="189"/>
        <source>Registration, s</source>
        <translation>Регистрация, с</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="189"/>
        <source>Outbound proxy</source>
        <translation>Исходящий прокси</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="190"/>
        <source>Tenant header</source>
        <translation>Заголовок заказчика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="191"/>
        <source>IVR digits header</source>
        <translation>Заголовок цифр IVR</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="192"/>
        <source>IVR data header</source>
        <translation>Заголовок данных IVR</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="193"/>
        <source>Answer automatically</source>
        <translation>Отвечать автоматически</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="194"/>
        <source>Call waiting</source>
        <translation>Второй звонок на линии</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="195"/>
        <source>Reject code when not ready</source>
        <translation>Код отказа, когда «Не готов»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="196"/>
        <source>Reject code when busy</source>
        <translation>Код отказа, когда занят</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="197"/>
        <source>Ready again after, s</source>
        <translation>Снова «Готов» через, с</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="198"/>
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="198"/>
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="199"/>
        <source>Ringer (speakers)</source>
        <translation>Звонок (колонки)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="200"/>
        <source>Library folder</source>
        <translation>Папка скриптов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="200"/>
        <source>Central library URL</source>
        <translation>Адрес центральной библиотеки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="201"/>
        <source>Event journal file</source>
        <translation>Файл журнала событий</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="219"/>
        <source>System default</source>
        <translation>Системное по умолчанию</translation>
    </message>
</context>
<context>
    <name>StudioSession</name>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="136"/>
        <source>change a value</source>
        <translation>изменение значения</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="137"/>
        <source>add an item</source>
        <translation>добавление элемента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="138"/>
        <source>remove an item</source>
        <translation>удаление элемента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="139"/>
        <source>add a question</source>
        <translation>добавление вопроса</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="140"/>
        <source>delete a question</source>
        <translation>удаление вопроса</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="141"/>
        <source>move a question</source>
        <translation>перемещение вопроса</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="142"/>
        <source>edit the greeting</source>
        <translation>изменение приветствия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="143"/>
        <source>edit a cell</source>
        <translation>изменение ячейки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="144"/>
        <source>add rows</source>
        <translation>добавление строк</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="145"/>
        <source>delete rows</source>
        <translation>удаление строк</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="146"/>
        <source>import a table</source>
        <translation>загрузка таблицы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="147"/>
        <source>add a column</source>
        <translation>добавление столбца</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="148"/>
        <source>delete a column</source>
        <translation>удаление столбца</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="149"/>
        <source>rename a column</source>
        <translation>переименование столбца</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="150"/>
        <source>add a file</source>
        <translation>добавление файла</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="151"/>
        <source>delete a file</source>
        <translation>удаление файла</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="152"/>
        <source>change the question</source>
        <translation>изменение вопроса</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="153"/>
        <source>change the answer</source>
        <translation>изменение ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="154"/>
        <source>change the keywords</source>
        <translation>изменение слов абонента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/session.py" line="217"/>
        <source>Not saved: {0}</source>
        <translation>Не сохранено: {0}</translation>
    </message>
</context>
<context>
    <name>StudioWindow</name>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="76"/>
        <source>Questions</source>
        <translation>Вопросы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="77"/>
        <source>Tables</source>
        <translation>Таблицы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="78"/>
        <source>Greetings</source>
        <translation>Приветствия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="79"/>
        <source>Company</source>
        <translation>Заказчик</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="80"/>
        <source>Gap reports</source>
        <translation>Пробелы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="115"/>
        <source>Studio</source>
        <translation>Студия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="119"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="120"/>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="121"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="133"/>
        <source>New company…</source>
        <translation>Новый заказчик…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="134"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="135"/>
        <source>Publish…</source>
        <translation>Опубликовать…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="136"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="137"/>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="140"/>
        <source>Redo</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="143"/>
        <source>Operator&apos;s screen</source>
        <translation>Экран оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="145"/>
        <source>Go to the problems</source>
        <translation>К списку ошибок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="211"/>
        <source>New company</source>
        <translation>Новый заказчик</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="212"/>
        <source>The client company&apos;s name, as the operator says it:</source>
        <translation>Название заказчика, как его произносит оператор:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="221"/>
        <source>Duplicate</source>
        <translation>Копия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="222"/>
        <source>The new company&apos;s name:</source>
        <translation>Название нового заказчика:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="242"/>
        <source>Saved: {0}</source>
        <translation>Сохранено: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="243"/>
        <source>nothing changed</source>
        <translation>ничего не изменилось</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="293"/>
        <source>There is no company «{0}» in this library</source>
        <translation>В этой библиотеке нет заказчика «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="325"/>
        <source>Changed on disk</source>
        <translation>Изменено на диске</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="326"/>
        <source>Someone changed these files since the studio read them: {0}. Save over them?</source>
        <translation>Эти файлы изменили, пока они были открыты в студии: {0}. Записать поверх?</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="331"/>
        <source>Save with problems?</source>
        <translation>Сохранить с ошибками?</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="332"/>
        <source>The files have {0} problem(s); the desk will not load this company&apos;s script until they are fixed (its other companies keep working). Save anyway?</source>
        <translation>В файлах есть ошибки ({0}); пока они не исправлены, рабочее место не загрузит сценарий этого заказчика (остальные заказчики работают). Всё равно сохранить?</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="342"/>
        <source>Publish</source>
        <translation>Опубликовать</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="343"/>
        <source>Save the changes before publishing?</source>
        <translation>Сохранить изменения перед публикацией?</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="358"/>
        <source>Script studio — {0}{1}</source>
        <translation>Студия сценариев — {0}{1}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="366"/>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/window.py" line="367"/>
        <source>Save the changes to {0}?</source>
        <translation>Сохранить изменения в {0}?</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="91"/>
        <source>Operator Desk — the floor</source>
        <translation>Пульт оператора — зал</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="107"/>
        <source>Connecting to the floor…</source>
        <translation>Подключение к общей базе зала…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="113"/>
        <source>Filter agents: name, group, state, company (Ctrl+F)</source>
        <translation>Отбор операторов: имя, группа, состояние, компания (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="229"/>
        <source>Live: the floor&apos;s figures update as desks report</source>
        <translation>В реальном времени: цифры зала обновляются по мере событий на пультах</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="232"/>
        <source>The floor database is unreachable ({0}); the figures shown may be old</source>
        <translation>Нет связи с общей базой зала ({0}); показанные цифры могут быть устаревшими</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="261"/>
        <source>Export the floor&apos;s figures</source>
        <translation>Выгрузка показателей зала</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="262"/>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/window.py" line="275"/>
        <source>Exported to {0}</source>
        <translation>Выгружено: {0}</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="119"/>
        <source>New table…</source>
        <translation>Новая таблица…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="121"/>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="323"/>
        <source>Delete table</source>
        <translation>Удалить таблицу</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="125"/>
        <source>The table&apos;s title, as the operator sees it</source>
        <translation>Заголовок таблицы, как его видит оператор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="128"/>
        <source>The column that names a row (what search results show)</source>
        <translation>Столбец, который называет строку (его показывает поиск)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="130"/>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="135"/>
        <source>Title</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="137"/>
        <source>Rows named by</source>
        <translation>Строку называет столбец</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="147"/>
        <source>text</source>
        <translation>текст</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="147"/>
        <source>number</source>
        <translation>число</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="148"/>
        <source>money</source>
        <translation>сумма</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="148"/>
        <source>phone</source>
        <translation>телефон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="149"/>
        <source>address</source>
        <translation>адрес</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="149"/>
        <source>opening hours</source>
        <translation>часы работы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="150"/>
        <source>web address</source>
        <translation>веб-адрес</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="154"/>
        <source>+ Row</source>
        <translation>+ Строка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="156"/>
        <source>A new row under the selected one (Ctrl+Insert)</source>
        <translation>Новая строка под выбранной (Ctrl+Insert)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="157"/>
        <source>Delete rows</source>
        <translation>Удалить строки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="159"/>
        <source>Delete the selected rows (Ctrl+Delete)</source>
        <translation>Удалить выбранные строки (Ctrl+Delete)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="160"/>
        <source>+ Column…</source>
        <translation>+ Столбец…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="162"/>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="164"/>
        <source>Delete column</source>
        <translation>Удалить столбец</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="166"/>
        <source>Import…</source>
        <translation>Загрузить…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="168"/>
        <source>Replace the rows with an Excel (.xlsx) or CSV file, after showing what changes</source>
        <translation>Заменить строки данными из файла Excel (.xlsx) или CSV, сначала показав, что изменится</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="170"/>
        <source>Export…</source>
        <translation>Выгрузить…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="172"/>
        <source>Save the table as an Excel workbook (.xlsx)</source>
        <translation>Сохранить таблицу как книгу Excel (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="289"/>
        <source>Column:</source>
        <translation>Столбец:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="293"/>
        <source>Column «{0}» holds</source>
        <translation>В столбце «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="300"/>
        <source>New table</source>
        <translation>Новая таблица</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="301"/>
        <source>What is in the table (its title)?</source>
        <translation>Что в таблице (её заголовок)?</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="307"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="308"/>
        <source>add the table «{0}»</source>
        <translation>добавление таблицы «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="324"/>
        <source>These questions show the table: {0}. Delete it anyway? (Ctrl+Z brings it back)</source>
        <translation>Эту таблицу показывают вопросы: {0}. Всё равно удалить? (Ctrl+Z вернёт)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="330"/>
        <source>delete the table</source>
        <translation>удаление таблицы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="389"/>
        <source>delete rows</source>
        <translation>удаление строк</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="394"/>
        <source>New column</source>
        <translation>Новый столбец</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="394"/>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="421"/>
        <source>Column name:</source>
        <translation>Название столбца:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="399"/>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="427"/>
        <source>The table already has a column «{0}»</source>
        <translation>В таблице уже есть столбец «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="414"/>
        <source>delete the column «{0}»</source>
        <translation>удаление столбца «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="421"/>
        <source>Rename column</source>
        <translation>Переименовать столбец</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="429"/>
        <source>rename the column «{0}»</source>
        <translation>переименование столбца «{0}»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="464"/>
        <source>Import a table</source>
        <translation>Загрузить таблицу</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="465"/>
        <source>Spreadsheets (*.xlsx *.xlsm *.csv)</source>
        <translation>Таблицы (*.xlsx *.xlsm *.csv)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="493"/>
        <source>Export the table</source>
        <translation>Выгрузить таблицу</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/table_editor.py" line="494"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>TablePane</name>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="172"/>
        <source>Filter the table… (Ctrl+Shift+F)</source>
        <translation>Фильтр по таблице… (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="178"/>
        <source>Compare selected (Ctrl+M)</source>
        <translation>Сравнить выбранные (Ctrl+M)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/script_panel.py" line="269"/>
        <source>The table is wider than the pane: %n more column(s) to the right (</source>
        <translation>
            <numerusform>Таблица шире окна: справа ещё %n столбец (</numerusform>
            <numerusform>Таблица шире окна: справа ещё %n столбца (</numerusform>
            <numerusform>Таблица шире окна: справа ещё %n столбцов (</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="271"/>
        <source>scroll right (Shift+wheel), or select rows and compare them (Ctrl+M)</source>
        <translation>прокрутите вправо (Shift+колесо) или выберите строки и сравните их (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="272"/>
        <source>scroll right (Shift+wheel)</source>
        <translation>прокрутите вправо (Shift+колесо)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="305"/>
        <source>Select two or more rows (Ctrl+click, or Shift+↓) to compare them</source>
        <translation>Выберите две строки или больше (Ctrl+щелчок или Shift+↓), чтобы сравнить</translation>
    </message>
</context>
<context>
    <name>TemplateEdit</name>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="99"/>
        <source>Insert a field ▾</source>
        <translation>Вставить поле ▾</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="100"/>
        <source>Put a field the desk fills in (the caller&apos;s name, the time of day…); or type {{</source>
        <translation>Вставить поле, которое заполнит рабочее место (имя абонента, время суток…); или наберите {{</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="115"/>
        <source>Good morning / afternoon / evening</source>
        <translation>Доброе утро / день / вечер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="116"/>
        <source>Part of the day (morning, afternoon…)</source>
        <translation>Время суток (утро, день…)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="117"/>
        <source>Company name</source>
        <translation>Название заказчика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="118"/>
        <source>Company id</source>
        <translation>Код заказчика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="119"/>
        <source>Operator&apos;s name</source>
        <translation>Имя оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="120"/>
        <source>Operator&apos;s group</source>
        <translation>Группа оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="121"/>
        <source>Caller&apos;s name</source>
        <translation>Имя абонента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="122"/>
        <source>Caller&apos;s number</source>
        <translation>Номер абонента</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="123"/>
        <source>Digits the caller entered</source>
        <translation>Цифры, набранные абонентом</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="126"/>
        <source>Voice menu: {0}</source>
        <translation>Голосовое меню: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/template_edit.py" line="128"/>
        <source>CRM card: {0}</source>
        <translation>Карточка CRM: {0}</translation>
    </message>
</context>
<context>
    <name>TenantList</name>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="103"/>
        <source>New company…</source>
        <translation>Новый заказчик…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="105"/>
        <source>A new client company from the starter (Ctrl+N)</source>
        <translation>Новый заказчик по образцу (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="106"/>
        <source>Duplicate…</source>
        <translation>Копия…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="108"/>
        <source>A copy of the selected company, with a new name and a placeholder hotline</source>
        <translation>Копия выбранного заказчика с новым названием и временным номером</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="115"/>
        <source>&lt;b&gt;Client companies&lt;/b&gt;</source>
        <translation>&lt;b&gt;Заказчики&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="151"/>
        <source>Mon</source>
        <translation>пн</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="151"/>
        <source>Tue</source>
        <translation>вт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="151"/>
        <source>Wed</source>
        <translation>ср</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="151"/>
        <source>Thu</source>
        <translation>чт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="151"/>
        <source>Fri</source>
        <translation>пт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="152"/>
        <source>Sat</source>
        <translation>сб</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="152"/>
        <source>Sun</source>
        <translation>вс</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="153"/>
        <source>closed</source>
        <translation>выходной</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="154"/>
        <source>always open</source>
        <translation>круглосуточно</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="156"/>
        <source>not checked yet</source>
        <translation>ещё не проверен</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="157"/>
        <source>no problems</source>
        <translation>ошибок нет</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/panels.py" line="158"/>
        <source>{0} problem(s)</source>
        <translation>ошибок: {0}</translation>
    </message>
</context>
<context>
    <name>TenantPage</name>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="120"/>
        <source>The banner&apos;s colour on the operator&apos;s screen</source>
        <translation>Цвет заголовка на экране оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="125"/>
        <source>Number, as people write it</source>
        <translation>Номер, как его пишут люди</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="127"/>
        <source>Days</source>
        <translation>Дни</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="127"/>
        <source>Hours</source>
        <translation>Часы</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="129"/>
        <source>Days: mon … sun, mon-fri, daily. Hours: 09:00-18:00, several with commas, closed or 24h. No rows: always open.</source>
        <translation>Дни: mon … sun (пн … вс), mon-fri, daily (ежедневно). Часы: 09:00-18:00, несколько через запятую, closed (выходной) или 24h. Без строк — работает всегда.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="133"/>
        <source>Operator group</source>
        <translation>Группа операторов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="135"/>
        <source>Name</source>
        <translation>Кто</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="135"/>
        <source>Extension or SIP address</source>
        <translation>Добавочный или SIP-адрес</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="136"/>
        <source>Note</source>
        <translation>Примечание</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="138"/>
        <source>Company name</source>
        <translation>Название заказчика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="139"/>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="201"/>
        <source>Banner colour</source>
        <translation>Цвет заголовка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="140"/>
        <source>Time zone</source>
        <translation>Часовой пояс</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="141"/>
        <source>Hotlines (calls to these numbers show this company)</source>
        <translation>Горячие линии (звонки на эти номера показывают этого заказчика)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="143"/>
        <source>Working hours (outside them: the after-hours greeting)</source>
        <translation>Часы работы (вне их — приветствие для нерабочего времени)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="147"/>
        <source>Operator groups</source>
        <translation>Группы операторов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/studio/tenant_page.py" line="148"/>
        <source>Transfer targets (the client&apos;s specialists)</source>
        <translation>Куда переводить (специалисты заказчика)</translation>
    </message>
</context>
<context>
    <name>TenantsModel</name>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="165"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="165"/>
        <source>Offered</source>
        <translation>Поступило</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="165"/>
        <source>Answered</source>
        <translation>Принято</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="165"/>
        <source>Unanswered</source>
        <translation>Без ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="166"/>
        <source>Abandoned</source>
        <translation>Сброшено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="166"/>
        <source>Avg answer</source>
        <translation>Ср. ожидание</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="166"/>
        <source>90% answer</source>
        <translation>Ожидание 90%</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="167"/>
        <source>Service level</source>
        <translation>Уровень сервиса</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="167"/>
        <source>This hour</source>
        <translation>За час</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="167"/>
        <source>Unanswered, hour</source>
        <translation>Без ответа за час</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="168"/>
        <source>Service level, hour</source>
        <translation>Уровень сервиса за час</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="168"/>
        <source>Callbacks due</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="168"/>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="169"/>
        <source>Called back</source>
        <translation>Перезвонили</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="205"/>
        <source>{0} s</source>
        <translation>{0} с</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/supervisor/models.py" line="219"/>
        <source>Answered within {0} s; target {1}</source>
        <translation>Принято в течение {0} с; цель {1}</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="57"/>
        <source>Transfer the call</source>
        <translation>Перевод звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="120"/>
        <source>support level {0}</source>
        <translation>уровень {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="136"/>
        <source>Mon Tue Wed Thu Fri Sat Sun</source>
        <translation>пн вт ср чт пт сб вс</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="124"/>
        <source>closed</source>
        <translation>выходной</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="62"/>
        <source>Find by name, topic or number…</source>
        <translation>Поиск по имени, теме или номеру…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="76"/>
        <source>Consult first (Enter)</source>
        <translation>Сначала переговорить (Enter)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="79"/>
        <source>Blind transfer (Ctrl+Enter)</source>
        <translation>Перевести сразу (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="81"/>
        <source>Callback instead (Ctrl+B)</source>
        <translation>Лучше обратный звонок (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="83"/>
        <source>Cancel (Esc)</source>
        <translation>Отмена (Esc)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="125"/>
        <source>any time</source>
        <translation>в любое время</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="141"/>
        <source>open now</source>
        <translation>сейчас работает</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="142"/>
        <source>open now, until {0}</source>
        <translation>сейчас работает, до {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="143"/>
        <source>CLOSED now</source>
        <translation>сейчас НЕ работает</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="150"/>
        <source>opens {0} (in {1} min)</source>
        <translation>откроется {0} (через {1} мин)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="152"/>
        <source>opens {0} (in {1} h {2} min)</source>
        <translation>откроется {0} (через {1} ч {2} мин)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="154"/>
        <source>opens {0}</source>
        <translation>откроется {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="170"/>
        <source>Nobody in the directory matches; take a callback request (Ctrl+B) or clear the search (Esc).</source>
        <translation>В справочнике никого не нашлось: оформите обратный звонок (Ctrl+B) или очистите поиск (Esc).</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="185"/>
        <source>«{0}» is closed now</source>
        <translation>«{0}» сейчас не работает</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="191"/>
        <source>Open now: {0}. Or take a callback request (Ctrl+B).</source>
        <translation>Сейчас работают: {0}. Или оформите обратный звонок (Ctrl+B).</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="194"/>
        <source>Nobody in the directory is open now: take a callback request (Ctrl+B).</source>
        <translation>Сейчас в справочнике никто не работает: оформите обратный звонок (Ctrl+B).</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="98"/>
        <source>Specialists of the client company, by support level:</source>
        <translation>Специалисты заказчика по уровням поддержки:</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="346"/>
        <source>The call&apos;s result (Alt+R)</source>
        <translation>Итог звонка (Alt+R)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="354"/>
        <source>Note about the call (kept even if the desk closes)</source>
        <translation>Заметка о звонке (сохранится, даже если программа закроется)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="357"/>
        <source>Done — Ready (Ctrl+Enter)</source>
        <translation>Готово — к звонкам (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="367"/>
        <source>&amp;Result:</source>
        <translation>Результат (Alt+&amp;R):</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="411"/>
        <source>Choose the call&apos;s result first: {0} asks for one after every call, and the shift&apos;s history and statistics count calls by it.</source>
        <translation>Сначала выберите результат звонка: {0} просит указывать его после каждого звонка, по нему считают историю и статистику смены.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="413"/>
        <source>this company</source>
        <translation>этот заказчик</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="387"/>
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
</context>
</TS>
