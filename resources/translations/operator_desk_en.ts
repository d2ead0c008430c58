<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CallerWidget</name>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="390"/>
        <source>called %n time(s) today</source>
        <translation>
            <numerusform>called %n time today</numerusform>
            <numerusform>called %n times today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="399"/>
        <source>Called %n time(s) today</source>
        <translation>
            <numerusform>Called %n time today</numerusform>
            <numerusform>Called %n times today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="401"/>
        <source>(%n not answered)</source>
        <translation>
            <numerusform>(%n not answered)</numerusform>
            <numerusform>(%n not answered)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="403"/>
        <source>Called %n time(s) in 30 days</source>
        <translation>
            <numerusform>Called %n time in 30 days</numerusform>
            <numerusform>Called %n times in 30 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="436"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
</context>
</TS>
