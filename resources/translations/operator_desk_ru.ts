<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>AttemptOutcomeDialog</name>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="124" />
        <source>Callback result</source>
        <translation>Итог обратного звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="126" />
        <source>Callback to {0} ({1}) for {2}: how did it go?</source>
        <translation>Обратный звонок {0} ({1}) для {2}: чем закончился?</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="132" />
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="133" />
        <source>No answer</source>
        <translation>Не ответили</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="134" />
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="135" />
        <source>Wrong number</source>
        <translation>Неверный номер</translation>
    </message>
</context>
<context>
    <name>BannerWidget</name>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="70" />
        <source>Waiting for a call</source>
        <translation>Ожидание звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="78" />
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="84" />
        <source>Unknown hotline</source>
        <translation>Неизвестная линия</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="96" />
        <source>calling back {0}</source>
        <translation>обратный звонок {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="98" />
        <source>number not sent</source>
        <translation>номер не передан</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="99" />
        <source>hotline {0}</source>
        <translation>линия {0}</translation>
    </message>
</context>
<context>
    <name>CallbackForm</name>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="111" />
        <source>Callback request — {0}</source>
        <translation>Заявка на обратный звонок — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="131" />
        <source>Save callback request</source>
        <translation>Сохранить заявку</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="139" />
        <source>Saved on this PC at once, then sent to the CRM.</source>
        <translation>Заявка сразу сохраняется на этом компьютере, затем отправляется в CRM.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="191" />
        <source>Required</source>
        <translation>Обязательное поле</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="192" />
        <source>Not a phone number</source>
        <translation>Это не номер телефона</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="193" />
        <source>Pick one of the choices</source>
        <translation>Выберите один из вариантов</translation>
    </message>
</context>
<context>
    <name>CallbackListDialog</name>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="48" />
        <source>Callbacks to make</source>
        <translation>Обратные звонки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="51" />
        <source>Only those due now</source>
        <translation>Только те, что пора сделать</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57" />
        <source>Next attempt</source>
        <translation>Следующая попытка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57" />
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="57" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="58" />
        <source>Attempts</source>
        <translation>Попыток</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="58" />
        <source>Request</source>
        <translation>Заявка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="67" />
        <source>Call now</source>
        <translation>Позвонить сейчас</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/worklist.py" line="105" />
        <source>{0} callback(s)</source>
        <translation>Заявок: {0}</translation>
    </message>
</context>
<context>
    <name>CallerWidget</name>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="222" />
        <source>number withheld</source>
        <translation>номер скрыт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="238" />
        <source>CRM: looking up…</source>
        <translation>CRM: ищем клиента…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="242" />
        <source>CRM unavailable</source>
        <translation>CRM недоступна</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="244" />
        <source>CRM: no customer card</source>
        <translation>CRM: карточка клиента не найдена</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="452" />
        <source>Compare</source>
        <translation>Сравнение</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="475" />
        <source>Differences are in bold.</source>
        <translation>Различия выделены жирным.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="56" />
        <source>Operator Desk: unexpected error</source>
        <translation>Пульт оператора: непредвиденная ошибка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="64" />
        <source>Something went wrong inside the desk. Restart it to continue safely; if you are on a call, finish it first.</source>
        <translation>В программе произошла ошибка. Перезапустите её, чтобы продолжить работу; если идёт разговор, сначала завершите его.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="72" />
        <source>(no log file)</source>
        <translation>(файла журнала нет)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="73" />
        <source>The details are in the log file; send it to your IT support:</source>
        <translation>Подробности — в файле журнала; отправьте его в ИТ-поддержку:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="78" />
        <source>Open log folder</source>
        <translation>Открыть папку журнала</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="81" />
        <source>Copy details</source>
        <translation>Скопировать подробности</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="88" />
        <location filename="../../operator_desk/ui/crash.py" line="140" />
        <source>Show details</source>
        <translation>Показать подробности</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="94" />
        <source>Restart</source>
        <translation>Перезапустить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="96" />
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="98" />
        <source>Keep working</source>
        <translation>Продолжить работу</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="140" />
        <source>Hide details</source>
        <translation>Скрыть подробности</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="69" />
        <source>Shift statistics</source>
        <translation>Статистика смены</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="83" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="83" />
        <source>Offered</source>
        <translation>Поступило</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="83" />
        <source>Answered</source>
        <translation>Принято</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="83" />
        <source>Missed</source>
        <translation>Без ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="84" />
        <source>Transferred</source>
        <translation>Переведено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="84" />
        <source>Avg handle</source>
        <translation>Ср. обработка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="84" />
        <source>Avg after-call</source>
        <translation>Ср. после звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="85" />
        <source>Callbacks taken / delivered</source>
        <translation>Заявки: принято / доставлено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="85" />
        <source>Wrap-up codes</source>
        <translation>Результаты</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="92" />
        <source>Export CSV…</source>
        <translation>Выгрузить CSV…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="94" />
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="102" />
        <source>Calls per hour</source>
        <translation>Звонки по часам</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="113" />
        <source>{0} calls offered, {1} answered</source>
        <translation>Поступило звонков: {0}, принято: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="120" />
        <source>{0} hung up while ringing</source>
        <translation>{0} не дождались</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="122" />
        <source>{0} rejected</source>
        <translation>{0} отклонено</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="125" />
        <source>(unknown number)</source>
        <translation>(неизвестный номер)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="140" />
        <source>Export statistics</source>
        <translation>Выгрузка статистики</translation>
    </message>
</context>
<context>
    <name>DeskController</name>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="172" />
        <location filename="../../operator_desk/ui/controller.py" line="197" />
        <source>Scripts {0}</source>
        <translation>Скрипты {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="209" />
        <source>Calling {0}… the caller is on hold</source>
        <translation>Вызываем: {0}… абонент на удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="222" />
        <source>Calling…</source>
        <translation>Вызов…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="230" />
        <source>SIP engine: {0}</source>
        <translation>SIP: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="232" />
        <source>SIP: registered</source>
        <translation>SIP: зарегистрирован</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="233" />
        <source>SIP: not registered ({0} {1})</source>
        <translation>SIP: нет регистрации ({0} {1})</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="250" />
        <source>Call waiting: {0}</source>
        <translation>Ожидает второй звонок: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="268" />
        <location filename="../../operator_desk/ui/controller.py" line="302" />
        <source>Ringing</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="293" />
        <source>Talking to {0}; the caller is on hold</source>
        <translation>Разговор: {0}; абонент на удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="302" />
        <source>Talking</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="303" />
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="304" />
        <source>Connecting…</source>
        <translation>Соединение…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="315" />
        <source>Back with the caller</source>
        <translation>Снова с абонентом</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="329" />
        <source>Call ended</source>
        <translation>Звонок завершён</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="338" />
        <source>After-call work: {0}</source>
        <translation>Обработка звонка: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="373" />
        <source>Finish the current call first</source>
        <translation>Сначала завершите текущий звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="378" />
        <source>Cannot dial: {0}</source>
        <translation>Не удаётся позвонить: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="413" />
        <source>Cannot transfer: {0}</source>
        <translation>Не удаётся перевести: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="420" />
        <source>Transferring to {0}…</source>
        <translation>Перевод: {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="426" />
        <source>Connecting the caller to {0}…</source>
        <translation>Соединяем абонента: {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="438" />
        <source>Transferred to {0}</source>
        <translation>Переведён: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="442" />
        <source>Transfer failed</source>
        <translation>Перевод не удался</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/controller.py" line="443" />
        <source>The transfer to {0} failed ({1}); the caller is still with you</source>
        <translation>Перевод на {0} не удался ({1}); абонент остаётся на линии</translation>
    </message>
</context>
<context>
    <name>DeskRecords</name>
    <message>
        <location filename="../../operator_desk/ui/records.py" line="121" />
        <source>The callback request was NOT saved: {0}. It is kept as a draft.</source>
        <translation>Заявка НЕ сохранена: {0}. Она сохранена как черновик.</translation>
    </message>
</context>
<context>
    <name>DeskTray</name>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="53" />
        <location filename="../../operator_desk/ui/tray.py" line="86" />
        <source>Operator Desk</source>
        <translation>Пульт оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="55" />
        <location filename="../../operator_desk/ui/tray.py" line="110" />
        <source>Show the desk</source>
        <translation>Показать пульт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="57" />
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/tray.py" line="110" />
        <source>Hide the desk</source>
        <translation>Скрыть пульт</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="64" />
        <source>Operator Desk</source>
        <translation>Пульт оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="214" />
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="135" />
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="100" />
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="102" />
        <source>Back to the caller</source>
        <translation>Вернуться к абоненту</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="131" />
        <source>Call controls</source>
        <translation>Управление звонком</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="136" />
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="137" />
        <source>Hold</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="138" />
        <source>Mute</source>
        <translation>Микрофон выкл.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="139" />
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="140" />
        <source>Callback</source>
        <translation>Обратный звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="141" />
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="142" />
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="143" />
        <location filename="../../operator_desk/ui/main_window.py" line="187" />
        <source>Dial pad</source>
        <translation>Номеронабиратель</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="145" />
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="146" />
        <source>Statistics</source>
        <translation>Статистика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="147" />
        <source>Callbacks</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="198" />
        <location filename="../../operator_desk/ui/main_window.py" line="265" />
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="200" />
        <location filename="../../operator_desk/ui/main_window.py" line="266" />
        <source>Not ready: {0}</source>
        <translation>Не готов: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="211" />
        <source>Number to call</source>
        <translation>Номер для звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="267" />
        <source>On a call</source>
        <translation>На звонке</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="268" />
        <source>After-call work</source>
        <translation>Обработка звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="283" />
        <source>SIP: listening on {0}:{1}</source>
        <translation>SIP: принимаем звонки на {0}:{1}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="285" />
        <source>SIP engine failed: {0}</source>
        <translation>SIP не запустился: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="290" />
        <source>Demo call</source>
        <translation>Демо-звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="291" />
        <source>Make the demo caller ring this desk now (F9)</source>
        <translation>Демо-абонент позвонит сейчас (F9)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="298" />
        <source>Call back: {0}</source>
        <translation>Перезвонить: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="305" />
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="305" />
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="306" />
        <source>Ringer</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="307" />
        <location filename="../../operator_desk/ui/main_window.py" line="313" />
        <source>the default device</source>
        <translation>устройство по умолчанию</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="309" />
        <source>{0}: no working device ({1}); retrying</source>
        <translation>{0}: нет рабочего устройства ({1}); пробуем снова</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="312" />
        <source>{0} “{1}” is unavailable: using {2}</source>
        <translation>{0} «{1}» недоступен: используется {2}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="317" />
        <source>Restored {0} unfinished form(s) from the last session</source>
        <translation>Восстановлено незавершённых форм с прошлого запуска: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="321" />
        <source>Callback request saved ({0}); it is being sent to the CRM</source>
        <translation>Заявка сохранена ({0}) и отправляется в CRM</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="327" />
        <source>To CRM: {0} waiting</source>
        <translation>В CRM: ждут отправки {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="329" />
        <source>{0} FAILED</source>
        <translation>НЕ ОТПРАВЛЕНО: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="334" />
        <source>New scripts version {0}: used from the next call</source>
        <translation>Новая версия скриптов {0}: действует со следующего звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="338" />
        <source>Settings saved to {0}</source>
        <translation>Настройки сохранены: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/main_window.py" line="344" />
        <source>Settings have {0} problem(s); see `operator-desk settings check`</source>
        <translation>В настройках есть ошибки ({0}); подробно: `operator-desk settings check`</translation>
    </message>
</context>
<context>
    <name>GreetingWidget</name>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="144" />
        <source>The greeting for the next call appears here.</source>
        <translation>Здесь появится приветствие для следующего звонка.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="157" />
        <source>Outgoing call to {0}</source>
        <translation>Исходящий звонок: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="165" />
        <source>No client company owns the number {0}. Ask the caller which company they are calling.</source>
        <translation>Номер {0} не принадлежит ни одному заказчику. Уточните у абонента, в какую компанию он звонит.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="166" />
        <source>(not sent)</source>
        <translation>(не передан)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="168" />
        <source>This number is claimed by several client companies ({0}). Ask the caller which company they are calling.</source>
        <translation>Этот номер указан у нескольких заказчиков ({0}). Уточните у абонента, в какую компанию он звонит.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="171" />
        <source>The company's greeting failed; a neutral one is shown ({0}).</source>
        <translation>Приветствие заказчика не сработало, показано нейтральное ({0}).</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/pop.py" line="173" />
        <source>The company's script did not load: {0}</source>
        <translation>Скрипт заказчика не загрузился: {0}</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="43" />
        <source>Calls of this shift</source>
        <translation>Звонки за смену</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="51" />
        <source>Part of a number…</source>
        <translation>Часть номера…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="55" />
        <source>All calls</source>
        <translation>Все звонки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="56" />
        <source>Not answered (missed, abandoned, rejected)</source>
        <translation>Без ответа (пропущенные, сброшенные, отклонённые)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="62" />
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="62" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="62" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="62" />
        <source>Result</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="63" />
        <source>Talk</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="63" />
        <source>Wrap-up</source>
        <translation>Результат</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="63" />
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="73" />
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="94" />
        <source>answered</source>
        <translation>принят</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="95" />
        <source>missed</source>
        <translation>пропущен</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="96" />
        <source>caller hung up while ringing</source>
        <translation>абонент не дождался ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="97" />
        <source>rejected (not ready / busy)</source>
        <translation>отклонён (не готов / занят)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="98" />
        <source>transferred</source>
        <translation>переведён</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="99" />
        <source>outgoing, not answered</source>
        <translation>исходящий, без ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="100" />
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/history.py" line="145" />
        <source>{0} calls: {1} answered, {2} missed</source>
        <translation>Звонков: {0}, принято: {1}, пропущено: {2}</translation>
    </message>
</context>
<context>
    <name>HourChartWidget</name>
    <message>
        <location filename="../../operator_desk/ui/dashboard.py" line="43" />
        <source>No calls yet</source>
        <translation>Звонков пока нет</translation>
    </message>
</context>
<context>
    <name>KnownErrorMessage</name>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="63" />
        <source>Operator Desk</source>
        <translation>Пульт оператора</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/crash.py" line="166" />
        <source>The details are in the log file {0}.</source>
        <translation>Подробности — в файле журнала {0}.</translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="76" />
        <source>Search questions, answers, tables (Ctrl+F)</source>
        <translation>Поиск по вопросам, ответам и таблицам (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="104" />
        <source>← Back</source>
        <translation>← Назад</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="149" />
        <source>Transfer…</source>
        <translation>Перевести…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="151" />
        <source>Callback…</source>
        <translation>Обратный звонок…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="153" />
        <source>No ready answer</source>
        <translation>Нет готового ответа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="273" />
        <source>Pick the caller's question, or type to search</source>
        <translation>Выберите вопрос абонента или начните вводить для поиска</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="324" />
        <source>There is no prepared answer: transfer the call or take a callback request.</source>
        <translation>Готового ответа нет: переведите звонок или оформите обратный звонок.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="329" />
        <source>Follow-up questions:</source>
        <translation>Уточняющие вопросы:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="349" />
        <source>Nothing found. Use “No ready answer” to transfer or take a callback.</source>
        <translation>Ничего не найдено. Нажмите «Нет готового ответа», чтобы перевести звонок или оформить обратный звонок.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="58" />
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="76" />
        <source>Set by your IT department (locked)</source>
        <translation>Задано ИТ-отделом (изменить нельзя)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="83" />
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="84" />
        <source>Kept in the system keyring, never in a file</source>
        <translation>Хранится в системном хранилище паролей, не в файле</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="85" />
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="106" />
        <source>SIP and audio changes apply when the desk restarts.</source>
        <translation>Изменения SIP и звука вступят в силу после перезапуска программы.</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="113" />
        <source>Play a test tone in the headset</source>
        <translation>Тестовый сигнал в гарнитуре</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="115" />
        <source>Ring the ringer</source>
        <translation>Проверить звонок</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="119" />
        <source>Check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="121" />
        <source>Check the microphone</source>
        <translation>Проверить микрофон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="130" />
        <source>Microphone level</source>
        <translation>Уровень микрофона</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="178" />
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="178" />
        <source>SIP account</source>
        <translation>SIP-аккаунт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="179" />
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="179" />
        <source>Audio</source>
        <translation>Звук</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="180" />
        <source>Scripts</source>
        <translation>Скрипты</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="180" />
        <source>Journal</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="185" />
        <source>Your name</source>
        <translation>Ваше имя</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="185" />
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="186" />
        <source>Listen on</source>
        <translation>Принимать звонки на</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="186" />
        <source>Registrar (PBX)</source>
        <translation>Регистратор (АТС)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="187" />
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="187" />
        <source>Auth user</source>
        <translation>Логин для авторизации</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="188" />
        <source>Domain</source>
        <translation>Домен</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="188" />
        <source>Transport</source>
        <translation>Транспорт</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="189" />
        <source>Registration, s</source>
        <translation>Регистрация, с</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="189" />
        <source>Outbound proxy</source>
        <translation>Исходящий прокси</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="190" />
        <source>Tenant header</source>
        <translation>Заголовок заказчика</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="191" />
        <source>IVR digits header</source>
        <translation>Заголовок цифр IVR</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="192" />
        <source>IVR data header</source>
        <translation>Заголовок данных IVR</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="193" />
        <source>Answer automatically</source>
        <translation>Отвечать автоматически</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="194" />
        <source>Call waiting</source>
        <translation>Второй звонок на линии</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="195" />
        <source>Reject code when not ready</source>
        <translation>Код отказа, когда «Не готов»</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="196" />
        <source>Reject code when busy</source>
        <translation>Код отказа, когда занят</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="197" />
        <source>Ready again after, s</source>
        <translation>Снова «Готов» через, с</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="198" />
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="198" />
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="199" />
        <source>Ringer (speakers)</source>
        <translation>Звонок (колонки)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="200" />
        <source>Library folder</source>
        <translation>Папка скриптов</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="200" />
        <source>Central library URL</source>
        <translation>Адрес центральной библиотеки</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="201" />
        <source>Event journal file</source>
        <translation>Файл журнала событий</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/settings_dialog.py" line="219" />
        <source>System default</source>
        <translation>Системное по умолчанию</translation>
    </message>
</context>
<context>
    <name>TablePane</name>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="154" />
        <source>Filter the table…</source>
        <translation>Фильтр по таблице…</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="160" />
        <source>Compare selected</source>
        <translation>Сравнить выбранные</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/script_panel.py" line="241" />
        <source>Select two or more rows (Ctrl+click) to compare them</source>
        <translation>Выберите две строки или больше (Ctrl+щелчок), чтобы сравнить</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="48" />
        <source>Transfer the call</source>
        <translation>Перевод звонка</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="57" />
        <source>support level {0}</source>
        <translation>уровень {0}</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="61" />
        <source>Mon Tue Wed Thu Fri Sat Sun</source>
        <translation>пн вт ср чт пт сб вс</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="62" />
        <source>closed</source>
        <translation>выходной</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="63" />
        <source>any time</source>
        <translation>в любое время</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="64" />
        <source>open now</source>
        <translation>сейчас работает</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="64" />
        <source>CLOSED now</source>
        <translation>сейчас НЕ работает</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="73" />
        <source>Blind transfer</source>
        <translation>Перевести сразу</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="75" />
        <source>Consult first</source>
        <translation>Сначала переговорить</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="78" />
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="85" />
        <source>Specialists of the client company, by support level:</source>
        <translation>Специалисты заказчика по уровням поддержки:</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="221" />
        <source>Note about the call (kept even if the desk closes)</source>
        <translation>Заметка о звонке (сохранится, даже если программа закроется)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="224" />
        <source>Done — Ready (Ctrl+Enter)</source>
        <translation>Готово — к звонкам (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="228" />
        <source>Result:</source>
        <translation>Результат:</translation>
    </message>
    <message>
        <location filename="../../operator_desk/ui/dialogs.py" line="245" />
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
</context>
</TS>