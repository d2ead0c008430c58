<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CallerWidget</name>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="423"/>
        <source>called %n time(s) today</source>
        <translation>
            <numerusform>called %n time today</numerusform>
            <numerusform>called %n times today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="432"/>
        <source>Called %n time(s) today</source>
        <translation>
            <numerusform>Called %n time today</numerusform>
            <numerusform>Called %n times today</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="434"/>
        <source>(%n not answered)</source>
        <translation>
            <numerusform>(%n not answered)</numerusform>
            <numerusform>(%n not answered)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="436"/>
        <source>Called %n time(s) in 30 days</source>
        <translation>
            <numerusform>Called %n time in 30 days</numerusform>
            <numerusform>Called %n times in 30 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/pop.py" line="469"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TablePane</name>
    <message numerus="yes">
        <location filename="../../operator_desk/ui/script_panel.py" line="269"/>
        <source>The table is wider than the pane: %n more column(s) to the right (</source>
        <translation>
            <numerusform>The table is wider than the pane: %n more column to the right (</numerusform>
            <numerusform>The table is wider than the pane: %n more columns to the right (</numerusform>
        </translation>
    </message>
</context>
</TS>
