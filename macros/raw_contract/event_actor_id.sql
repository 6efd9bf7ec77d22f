{% macro event_actor_id(relation='source') -%}
    {#- Who acted, for the bot rule: the buyer id, else the anonymous id. -#}
    coalesce({{ raw_value('events', 'buyer_id', relation) }}, {{ raw_value('events', 'anonymous_id', relation) }})
{%- endmacro %}
