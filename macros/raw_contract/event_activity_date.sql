{% macro event_activity_date(relation='source') -%}
    {#- The UTC day of an event, for the bot rule. -#}
    cast({{ raw_value('events', 'occurred_at', relation) }} as date)
{%- endmacro %}
